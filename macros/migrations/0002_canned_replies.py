"""The chat console's canned replies, kept as shared macros so nothing is lost when the hard-coded list
goes: the English text is each macro's default, the other languages its variants."""

from typing import Any

from django.db import migrations
from django.utils import timezone

CANNED: list[tuple[str, dict[str, str]]] = [('Greeting', {'': "Hello, thank you for contacting us. I'm looking into this for you now.", 'es': 'Hola, gracias por contactarnos. Ya estoy revisando tu caso.', 'pt-br': 'Olá, obrigado por entrar em contato. Já estou verificando o seu caso.', 'tr': 'Merhaba, bize ulaştığınız için teşekkürler. Konunuzu hemen inceliyorum.', 'ja': 'お問い合わせいただきありがとうございます。ただいま確認しております。', 'de': 'Hallo, danke für Ihre Nachricht. Ich sehe mir das gleich für Sie an.', 'fr': 'Bonjour, merci de nous avoir contactés. Je regarde cela pour vous tout de suite.', 'ru': 'Здравствуйте, спасибо за обращение. Уже разбираюсь с вашим вопросом.'}), ('One moment', {'': "Thank you for waiting. I'm checking the details with the team; it will take a minute or two.", 'es': 'Gracias por esperar. Estoy comprobando los detalles con el equipo; tardaré un par de minutos.', 'pt-br': 'Obrigado por aguardar. Estou verificando os detalhes com a equipe; leva um ou dois minutos.', 'tr': 'Beklediğiniz için teşekkürler. Ayrıntıları ekiple kontrol ediyorum; bir iki dakika sürecek.', 'ja': 'お待たせしております。担当チームに詳細を確認しておりますので、1〜2分ほどお待ちください。', 'de': 'Danke fürs Warten. Ich prüfe die Details mit dem Team; das dauert ein, zwei Minuten.', 'fr': 'Merci de patienter. Je vérifie les détails avec l’équipe ; cela prendra une ou deux minutes.', 'ru': 'Спасибо за ожидание. Уточняю детали у команды, это займёт минуту-две.'}), ('Withdrawal on chain', {'': 'Your withdrawal has been broadcast. You can follow it on the block explorer with the transaction hash; it completes after the network confirmations.', 'es': 'Tu retiro ya se ha emitido. Puedes seguirlo en el explorador de bloques con el hash de la transacción; se completa tras las confirmaciones de la red.', 'pt-br': 'Seu saque já foi transmitido. Você pode acompanhá-lo no explorador de blocos com o hash da transação; ele é concluído após as confirmações da rede.', 'tr': "Para çekme işleminiz ağa iletildi. İşlem hash'i ile blok gezgininden takip edebilirsiniz; ağ onaylarından sonra tamamlanır.", 'ja': '出金はネットワークに送信済みです。トランザクションハッシュでブロックエクスプローラーから確認でき、ネットワークの承認後に完了します。', 'de': 'Ihre Auszahlung wurde gesendet. Sie können sie mit dem Transaktions-Hash im Block-Explorer verfolgen; sie ist nach den Netzwerkbestätigungen abgeschlossen.', 'fr': 'Votre retrait a été diffusé. Vous pouvez le suivre dans l’explorateur de blocs avec le hash de la transaction ; il est finalisé après les confirmations du réseau.', 'ru': 'Ваш вывод отправлен в сеть. Вы можете отследить его в обозревателе блоков по хэшу транзакции; он завершится после подтверждений сети.'}), ('Never share 2FA', {'': "For your safety: we will never ask for your password, 2FA codes or private keys. Please don't share them with anyone.", 'es': 'Por tu seguridad: nunca te pediremos tu contraseña, códigos 2FA ni claves privadas. No los compartas con nadie.', 'pt-br': 'Para sua segurança: nunca pedimos sua senha, códigos 2FA ou chaves privadas. Não os compartilhe com ninguém.', 'tr': 'Güvenliğiniz için: şifrenizi, 2FA kodlarınızı veya özel anahtarlarınızı asla istemeyiz. Lütfen kimseyle paylaşmayın.', 'ja': '安全のため、パスワード、2FAコード、秘密鍵をお尋ねすることは決してありません。どなたにも共有しないでください。', 'de': 'Zu Ihrer Sicherheit: Wir fragen nie nach Ihrem Passwort, 2FA-Codes oder privaten Schlüsseln. Bitte geben Sie sie niemandem weiter.', 'fr': 'Pour votre sécurité : nous ne vous demanderons jamais votre mot de passe, vos codes 2FA ni vos clés privées. Ne les communiquez à personne.', 'ru': 'Ради вашей безопасности: мы никогда не просим пароль, коды 2FA или приватные ключи. Никому их не сообщайте.'}), ('Anything else', {'': 'Is there anything else I can help you with today?', 'es': '¿Hay algo más en lo que pueda ayudarte hoy?', 'pt-br': 'Posso ajudar com mais alguma coisa hoje?', 'tr': 'Bugün size yardımcı olabileceğim başka bir konu var mı?', 'ja': 'ほかにお手伝いできることはございますか？', 'de': 'Kann ich Ihnen heute noch bei etwas anderem helfen?', 'fr': 'Puis-je vous aider pour autre chose aujourd’hui ?', 'ru': 'Могу ли я ещё чем-то помочь?'}), ('Closing', {'': 'Thank you for chatting with us. Have a great day!', 'es': 'Gracias por escribirnos. ¡Que tengas un buen día!', 'pt-br': 'Obrigado pelo contato. Tenha um ótimo dia!', 'tr': 'Bizimle sohbet ettiğiniz için teşekkürler. İyi günler!', 'ja': 'ご利用いただきありがとうございました。良い一日をお過ごしください。', 'de': 'Danke für den Chat. Einen schönen Tag noch!', 'fr': 'Merci pour cet échange. Bonne journée !', 'ru': 'Спасибо, что обратились к нам. Хорошего дня!'})]


def seed(apps: Any, schema_editor: Any) -> None:
    Macro = apps.get_model("macros", "Macro")
    MacroVariant = apps.get_model("macros", "MacroVariant")
    now = timezone.now()
    for title, variants in CANNED:
        if Macro.objects.filter(scope="shared", title=title).exists():
            continue
        macro = Macro.objects.create(title=title, scope="shared", created_at=now, updated_at=now)
        MacroVariant.objects.bulk_create(
            [MacroVariant(macro=macro, language=language, body=body) for language, body in variants.items()]
        )


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("macros", "Macro").objects.filter(
        scope="shared", title__in=[title for title, _variants in CANNED], usage_count=0
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("macros", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
