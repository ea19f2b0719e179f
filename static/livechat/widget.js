/*
 * Cryptodesk live chat widget. An exchange embeds it with one tag:
 *
 *   <script src="https://helpdesk.example/static/livechat/widget.js" data-helpdesk="https://helpdesk.example"
 *           data-identity="<token signed by the exchange's backend>" data-language="es" async></script>
 *
 * Plain JavaScript without dependencies; it lives in a Shadow DOM so the host page's styles do not
 * reach it. The wire protocol is docs/livechat-protocol.md. Everything a person typed is inserted with
 * textContent, never as HTML.
 *
 * Optional attributes: data-long-wait (seconds of expected wait after which "leave a message" is
 * offered while waiting, default 300; above LIVECHAT_MAX_WAIT_SECONDS the helpdesk itself answers that
 * agents are busy, and with nobody online that no agent is), data-max-upload-mb (default 10), and data-article-url with
 * data-article-title (the help-center article the visitor read, shown to the agent with the chat).
 */
(function () {
  "use strict";

  var script =
    document.currentScript || document.querySelector("script[data-helpdesk][src*='livechat/widget']");
  if (!script || window.CryptodeskChat) return;

  // --- Strings ------------------------------------------------------------------------------------
  var STRINGS = {
    en: {
      open: "Chat with support",
      close: "Minimise chat",
      title: "Support",
      intro: "Ask us anything: a member of our support team answers here.",
      signed_in: "Signed in as {name}",
      guest:
        "You are chatting as a guest, so we cannot see your account. Sign in on the exchange for help with your account.",
      safety: "We never ask for your password, 2FA codes or private keys.",
      topic: "What do you need help with?",
      topic_withdrawal: "Withdrawal",
      topic_deposit: "Deposit",
      topic_account_access: "Account access and 2FA",
      topic_kyc: "Identity verification (KYC)",
      topic_trading: "Trading",
      topic_other: "Something else",
      choose: "Choose…",
      language: "Language",
      name: "Name (optional)",
      email: "Email (optional)",
      email_required: "Email",
      start: "Start chat",
      connecting: "Connecting…",
      queue_position: "You are number {position} in the queue.",
      wait_minutes: "Expected wait: about {minutes} min.",
      wait_short: "Expected wait: less than a minute.",
      wait_more: "Expected wait: more than {minutes} min.",
      waiting: "Waiting for an agent…",
      with_agent: "You are chatting with {name}.",
      agent: "Support",
      you: "You",
      no_agents:
        "No agent is online right now, so nobody can answer a chat soon. Leave a message and we will reply by email.",
      long_wait:
        "All our agents are busy: the wait is about {minutes} min. Leave a message and we will reply by email, or keep waiting.",
      leave: "Leave a message",
      keep_waiting: "Keep waiting",
      your_message: "Your message",
      send_message: "Send message",
      left: "Thank you. Your message is ticket {ticket}; we will reply to {email}.",
      composer: "Type your message",
      send: "Send",
      attach: "Attach a file",
      uploading: "Sending {name}…",
      upload_failed: "{name} could not be sent.",
      too_big: "{name} is too large (the limit is {mb} MB).",
      too_long: "This message is too long. Please split it.",
      sending: "Sending…",
      queued: "Waiting for connection…",
      delivered: "Delivered",
      read: "Read",
      typing: "{name} is typing…",
      reconnecting: "Connection lost. Reconnecting…",
      offline: "You are offline. Your messages will be sent when you are back online.",
      rate_limited: "You are sending messages quickly; they will go out in a moment.",
      transcript: "Email the transcript",
      transcript_to: "Send the transcript to",
      transcript_send: "Send transcript",
      transcript_sent: "The transcript is on its way.",
      ended: "This chat has ended.",
      rate: "How was your chat?",
      stars: "{n} out of 5",
      comment: "Anything else you want to tell us? (optional)",
      rate_send: "Send rating",
      rated: "Thank you for your feedback.",
      new_chat: "Start a new chat",
      error: "Something went wrong. Please try again.",
      gone: "This chat is no longer available.",
      unread: "New messages: {n}",
      attachment: "Attachment",
      cancel: "Cancel",
      assistant: "Assistant",
      assistant_greeting: "Hello, I am the support assistant. I am reading your question now. If I cannot answer it, a person will, and you can ask for a person at any time.",
      with_assistant: "You are chatting with the assistant.",
      talk_to_person: "Talk to a person",
      solved: "Yes, this solved it",
      read_article: "Read the article",
      question: "Your question (optional)",
      asking_person: "Connecting you to a person…",
    },
    es: {
      open: "Chatear con soporte",
      close: "Minimizar el chat",
      title: "Soporte",
      intro: "Pregúntanos lo que necesites: un miembro de nuestro equipo de soporte te responde aquí.",
      signed_in: "Has iniciado sesión como {name}",
      guest:
        "Estás chateando como invitado, así que no podemos ver tu cuenta. Inicia sesión en el exchange para recibir ayuda con tu cuenta.",
      safety: "Nunca te pediremos tu contraseña, códigos 2FA ni claves privadas.",
      topic: "¿Con qué necesitas ayuda?",
      topic_withdrawal: "Retiro",
      topic_deposit: "Depósito",
      topic_account_access: "Acceso a la cuenta y 2FA",
      topic_kyc: "Verificación de identidad (KYC)",
      topic_trading: "Trading",
      topic_other: "Otra cosa",
      choose: "Elige…",
      language: "Idioma",
      name: "Nombre (opcional)",
      email: "Correo electrónico (opcional)",
      email_required: "Correo electrónico",
      start: "Iniciar chat",
      connecting: "Conectando…",
      queue_position: "Eres el número {position} en la cola.",
      wait_minutes: "Espera estimada: unos {minutes} min.",
      wait_short: "Espera estimada: menos de un minuto.",
      wait_more: "Espera estimada: más de {minutes} min.",
      waiting: "Esperando a un agente…",
      with_agent: "Estás chateando con {name}.",
      agent: "Soporte",
      you: "Tú",
      no_agents:
        "Ahora mismo no hay ningún agente conectado, así que nadie podrá responder pronto a un chat. Déjanos un mensaje y te responderemos por correo electrónico.",
      long_wait:
        "Todos nuestros agentes están ocupados: la espera es de unos {minutes} min. Déjanos un mensaje y te responderemos por correo electrónico, o sigue esperando.",
      leave: "Dejar un mensaje",
      keep_waiting: "Seguir esperando",
      your_message: "Tu mensaje",
      send_message: "Enviar mensaje",
      left: "Gracias. Tu mensaje es el ticket {ticket}; te responderemos a {email}.",
      composer: "Escribe tu mensaje",
      send: "Enviar",
      attach: "Adjuntar un archivo",
      uploading: "Enviando {name}…",
      upload_failed: "No se pudo enviar {name}.",
      too_big: "{name} es demasiado grande (el límite es {mb} MB).",
      too_long: "Este mensaje es demasiado largo. Divídelo, por favor.",
      sending: "Enviando…",
      queued: "Esperando conexión…",
      delivered: "Entregado",
      read: "Leído",
      typing: "{name} está escribiendo…",
      reconnecting: "Se perdió la conexión. Reconectando…",
      offline: "No tienes conexión. Tus mensajes se enviarán cuando vuelvas a estar en línea.",
      rate_limited: "Estás enviando mensajes muy rápido; saldrán en un momento.",
      transcript: "Enviar la transcripción por correo",
      transcript_to: "Enviar la transcripción a",
      transcript_send: "Enviar transcripción",
      transcript_sent: "La transcripción va de camino.",
      ended: "Este chat ha terminado.",
      rate: "¿Qué tal fue el chat?",
      stars: "{n} de 5",
      comment: "¿Algo más que quieras contarnos? (opcional)",
      rate_send: "Enviar valoración",
      rated: "Gracias por tu opinión.",
      new_chat: "Iniciar un chat nuevo",
      error: "Algo salió mal. Inténtalo de nuevo.",
      gone: "Este chat ya no está disponible.",
      unread: "Mensajes nuevos: {n}",
      attachment: "Archivo adjunto",
      cancel: "Cancelar",
      assistant: "Asistente",
      assistant_greeting: "Hola, soy el asistente de soporte. Estoy leyendo tu pregunta. Si no puedo responderla, lo hará una persona, y puedes pedir hablar con una persona en cualquier momento.",
      with_assistant: "Estás chateando con el asistente.",
      talk_to_person: "Hablar con una persona",
      solved: "Sí, esto lo resolvió",
      read_article: "Leer el artículo",
      question: "Tu pregunta (opcional)",
      asking_person: "Te estamos conectando con una persona…",
    },
    "pt-br": {
      open: "Conversar com o suporte",
      close: "Minimizar o chat",
      title: "Suporte",
      intro: "Pergunte o que precisar: alguém da nossa equipe de suporte responde aqui.",
      signed_in: "Conectado como {name}",
      guest:
        "Você está conversando como visitante, então não podemos ver sua conta. Entre na exchange para receber ajuda com a sua conta.",
      safety: "Nunca pedimos sua senha, códigos 2FA ou chaves privadas.",
      topic: "Com o que você precisa de ajuda?",
      topic_withdrawal: "Saque",
      topic_deposit: "Depósito",
      topic_account_access: "Acesso à conta e 2FA",
      topic_kyc: "Verificação de identidade (KYC)",
      topic_trading: "Negociação",
      topic_other: "Outro assunto",
      choose: "Escolha…",
      language: "Idioma",
      name: "Nome (opcional)",
      email: "E-mail (opcional)",
      email_required: "E-mail",
      start: "Iniciar chat",
      connecting: "Conectando…",
      queue_position: "Você é o número {position} na fila.",
      wait_minutes: "Espera estimada: cerca de {minutes} min.",
      wait_short: "Espera estimada: menos de um minuto.",
      wait_more: "Espera estimada: mais de {minutes} min.",
      waiting: "Aguardando um atendente…",
      with_agent: "Você está conversando com {name}.",
      agent: "Suporte",
      you: "Você",
      no_agents:
        "Nenhum atendente está online agora, então ninguém poderá responder a um chat em breve. Deixe uma mensagem e responderemos por e-mail.",
      long_wait:
        "Todos os nossos atendentes estão ocupados: a espera é de cerca de {minutes} min. Deixe uma mensagem e responderemos por e-mail, ou continue aguardando.",
      leave: "Deixar uma mensagem",
      keep_waiting: "Continuar aguardando",
      your_message: "Sua mensagem",
      send_message: "Enviar mensagem",
      left: "Obrigado. Sua mensagem é o ticket {ticket}; responderemos para {email}.",
      composer: "Digite sua mensagem",
      send: "Enviar",
      attach: "Anexar um arquivo",
      uploading: "Enviando {name}…",
      upload_failed: "Não foi possível enviar {name}.",
      too_big: "{name} é grande demais (o limite é {mb} MB).",
      too_long: "Esta mensagem é longa demais. Divida-a, por favor.",
      sending: "Enviando…",
      queued: "Aguardando conexão…",
      delivered: "Entregue",
      read: "Lida",
      typing: "{name} está digitando…",
      reconnecting: "Conexão perdida. Reconectando…",
      offline: "Você está offline. Suas mensagens serão enviadas quando a conexão voltar.",
      rate_limited: "Você está enviando mensagens rápido demais; elas sairão em instantes.",
      transcript: "Enviar a transcrição por e-mail",
      transcript_to: "Enviar a transcrição para",
      transcript_send: "Enviar transcrição",
      transcript_sent: "A transcrição está a caminho.",
      ended: "Este chat foi encerrado.",
      rate: "Como foi o seu atendimento?",
      stars: "{n} de 5",
      comment: "Quer nos contar mais alguma coisa? (opcional)",
      rate_send: "Enviar avaliação",
      rated: "Obrigado pela sua avaliação.",
      new_chat: "Iniciar um novo chat",
      error: "Algo deu errado. Tente novamente.",
      gone: "Este chat não está mais disponível.",
      unread: "Mensagens novas: {n}",
      attachment: "Anexo",
      cancel: "Cancelar",
      assistant: "Assistente",
      assistant_greeting: "Olá, sou o assistente de suporte. Estou lendo sua pergunta. Se eu não puder respondê-la, uma pessoa responderá, e você pode pedir uma pessoa a qualquer momento.",
      with_assistant: "Você está conversando com o assistente.",
      talk_to_person: "Falar com uma pessoa",
      solved: "Sim, isso resolveu",
      read_article: "Ler o artigo",
      question: "Sua pergunta (opcional)",
      asking_person: "Conectando você a uma pessoa…",
    },
    tr: {
      open: "Destek ile sohbet et",
      close: "Sohbeti küçült",
      title: "Destek",
      intro: "Bize istediğinizi sorun: destek ekibimizden biri burada yanıtlar.",
      signed_in: "{name} olarak giriş yapıldı",
      guest:
        "Misafir olarak sohbet ediyorsunuz, bu yüzden hesabınızı göremiyoruz. Hesabınızla ilgili yardım için borsaya giriş yapın.",
      safety: "Şifrenizi, 2FA kodlarınızı veya özel anahtarlarınızı asla istemeyiz.",
      topic: "Hangi konuda yardıma ihtiyacınız var?",
      topic_withdrawal: "Para çekme",
      topic_deposit: "Para yatırma",
      topic_account_access: "Hesap erişimi ve 2FA",
      topic_kyc: "Kimlik doğrulama (KYC)",
      topic_trading: "Alım satım",
      topic_other: "Diğer",
      choose: "Seçin…",
      language: "Dil",
      name: "Ad (isteğe bağlı)",
      email: "E-posta (isteğe bağlı)",
      email_required: "E-posta",
      start: "Sohbeti başlat",
      connecting: "Bağlanıyor…",
      queue_position: "Sırada {position}. sıradasınız.",
      wait_minutes: "Tahmini bekleme: yaklaşık {minutes} dk.",
      wait_short: "Tahmini bekleme: bir dakikadan az.",
      wait_more: "Tahmini bekleme: {minutes} dk'dan fazla.",
      waiting: "Bir temsilci bekleniyor…",
      with_agent: "{name} ile sohbet ediyorsunuz.",
      agent: "Destek",
      you: "Siz",
      no_agents:
        "Şu anda çevrimiçi temsilci yok, bu yüzden sohbetinize yakında kimse yanıt veremez. Bir mesaj bırakın, size e-postayla yanıt verelim.",
      long_wait:
        "Tüm temsilcilerimiz meşgul: bekleme süresi yaklaşık {minutes} dk. Bir mesaj bırakın, size e-postayla yanıt verelim ya da beklemeye devam edin.",
      leave: "Mesaj bırak",
      keep_waiting: "Beklemeye devam et",
      your_message: "Mesajınız",
      send_message: "Mesajı gönder",
      left: "Teşekkürler. Mesajınız {ticket} numaralı talep oldu; {email} adresine yanıt vereceğiz.",
      composer: "Mesajınızı yazın",
      send: "Gönder",
      attach: "Dosya ekle",
      uploading: "{name} gönderiliyor…",
      upload_failed: "{name} gönderilemedi.",
      too_big: "{name} çok büyük (sınır {mb} MB).",
      too_long: "Bu mesaj çok uzun. Lütfen bölün.",
      sending: "Gönderiliyor…",
      queued: "Bağlantı bekleniyor…",
      delivered: "İletildi",
      read: "Okundu",
      typing: "{name} yazıyor…",
      reconnecting: "Bağlantı koptu. Yeniden bağlanılıyor…",
      offline: "Çevrimdışısınız. Mesajlarınız bağlantı geri geldiğinde gönderilecek.",
      rate_limited: "Çok hızlı mesaj gönderiyorsunuz; birazdan gönderilecekler.",
      transcript: "Dökümü e-postayla gönder",
      transcript_to: "Dökümün gönderileceği adres",
      transcript_send: "Dökümü gönder",
      transcript_sent: "Döküm yolda.",
      ended: "Bu sohbet sona erdi.",
      rate: "Sohbetiniz nasıldı?",
      stars: "5 üzerinden {n}",
      comment: "Eklemek istediğiniz bir şey var mı? (isteğe bağlı)",
      rate_send: "Puanı gönder",
      rated: "Geri bildiriminiz için teşekkürler.",
      new_chat: "Yeni sohbet başlat",
      error: "Bir şeyler ters gitti. Lütfen tekrar deneyin.",
      gone: "Bu sohbet artık mevcut değil.",
      unread: "Yeni mesaj: {n}",
      attachment: "Ek",
      cancel: "İptal",
      assistant: "Asistan",
      assistant_greeting: "Merhaba, ben destek asistanıyım. Sorunuzu şimdi okuyorum. Yanıtlayamazsam bir kişi yanıtlayacak; istediğiniz zaman bir kişiyle görüşmek isteyebilirsiniz.",
      with_assistant: "Asistanla sohbet ediyorsunuz.",
      talk_to_person: "Bir kişiyle görüş",
      solved: "Evet, sorunum çözüldü",
      read_article: "Makaleyi okuyun",
      question: "Sorunuz (isteğe bağlı)",
      asking_person: "Sizi bir kişiye bağlıyoruz…",
    },
    ja: {
      open: "サポートとチャット",
      close: "チャットを最小化",
      title: "サポート",
      intro: "何でもお気軽にご質問ください。サポートチームのメンバーがこちらでお答えします。",
      signed_in: "{name} としてログイン中",
      guest:
        "ゲストとしてチャットしているため、お客様のアカウントを確認できません。アカウントに関するご相談は取引所にログインしてください。",
      safety: "パスワード、2FAコード、秘密鍵をお尋ねすることは決してありません。",
      topic: "どのようなご用件ですか？",
      topic_withdrawal: "出金",
      topic_deposit: "入金",
      topic_account_access: "アカウントへのアクセスと2FA",
      topic_kyc: "本人確認（KYC）",
      topic_trading: "取引",
      topic_other: "その他",
      choose: "選択してください…",
      language: "言語",
      name: "お名前（任意）",
      email: "メールアドレス（任意）",
      email_required: "メールアドレス",
      start: "チャットを開始",
      connecting: "接続中…",
      queue_position: "お客様の順番は {position} 番目です。",
      wait_minutes: "予想待ち時間：約 {minutes} 分",
      wait_short: "予想待ち時間：1分未満",
      wait_more: "予想待ち時間：{minutes} 分以上",
      waiting: "担当者をお待ちください…",
      with_agent: "{name} が対応しています。",
      agent: "サポート",
      you: "あなた",
      no_agents:
        "現在オンラインの担当者がいないため、チャットにすぐにはお答えできません。メッセージを残していただければ、メールでご返信します。",
      long_wait:
        "担当者が全員対応中です。待ち時間は約 {minutes} 分です。メッセージを残していただければメールでご返信します。このままお待ちいただくこともできます。",
      leave: "メッセージを残す",
      keep_waiting: "このまま待つ",
      your_message: "メッセージ",
      send_message: "メッセージを送信",
      left: "ありがとうございます。お客様のメッセージはチケット {ticket} として受け付けました。{email} 宛てにご返信します。",
      composer: "メッセージを入力",
      send: "送信",
      attach: "ファイルを添付",
      uploading: "{name} を送信中…",
      upload_failed: "{name} を送信できませんでした。",
      too_big: "{name} は大きすぎます（上限は {mb} MB）。",
      too_long: "メッセージが長すぎます。分けて送信してください。",
      sending: "送信中…",
      queued: "接続を待っています…",
      delivered: "配信済み",
      read: "既読",
      typing: "{name} が入力中…",
      reconnecting: "接続が切れました。再接続しています…",
      offline: "オフラインです。接続が戻るとメッセージが送信されます。",
      rate_limited: "送信が速すぎます。まもなく送信されます。",
      transcript: "チャット履歴をメールで送る",
      transcript_to: "チャット履歴の送信先",
      transcript_send: "履歴を送信",
      transcript_sent: "チャット履歴を送信しました。",
      ended: "このチャットは終了しました。",
      rate: "チャットはいかがでしたか？",
      stars: "5段階中 {n}",
      comment: "ほかにお伝えいただきたいことはありますか？（任意）",
      rate_send: "評価を送信",
      rated: "ご意見ありがとうございました。",
      new_chat: "新しいチャットを開始",
      error: "問題が発生しました。もう一度お試しください。",
      gone: "このチャットはご利用いただけなくなりました。",
      unread: "新着メッセージ：{n}",
      attachment: "添付ファイル",
      cancel: "キャンセル",
      assistant: "アシスタント",
      assistant_greeting: "こんにちは、サポートアシスタントです。ただいまご質問を確認しています。お答えできない場合は担当者がお答えします。いつでも担当者との会話を選べます。",
      with_assistant: "アシスタントとチャット中です。",
      talk_to_person: "担当者と話す",
      solved: "はい、解決しました",
      read_article: "記事を読む",
      question: "ご質問(任意)",
      asking_person: "担当者におつなぎしています…",
    },
    de: {
      open: "Mit dem Support chatten",
      close: "Chat minimieren",
      title: "Support",
      intro: "Fragen Sie uns, was Sie möchten: Jemand aus unserem Support-Team antwortet hier.",
      signed_in: "Angemeldet als {name}",
      guest:
        "Sie chatten als Gast, daher können wir Ihr Konto nicht sehen. Melden Sie sich bei der Börse an, um Hilfe zu Ihrem Konto zu erhalten.",
      safety: "Wir fragen nie nach Ihrem Passwort, 2FA-Codes oder privaten Schlüsseln.",
      topic: "Wobei brauchen Sie Hilfe?",
      topic_withdrawal: "Auszahlung",
      topic_deposit: "Einzahlung",
      topic_account_access: "Kontozugang und 2FA",
      topic_kyc: "Identitätsprüfung (KYC)",
      topic_trading: "Handel",
      topic_other: "Etwas anderes",
      choose: "Bitte wählen…",
      language: "Sprache",
      name: "Name (optional)",
      email: "E-Mail (optional)",
      email_required: "E-Mail",
      start: "Chat starten",
      connecting: "Verbindung wird hergestellt…",
      queue_position: "Sie sind Nummer {position} in der Warteschlange.",
      wait_minutes: "Voraussichtliche Wartezeit: etwa {minutes} Min.",
      wait_short: "Voraussichtliche Wartezeit: unter einer Minute.",
      wait_more: "Voraussichtliche Wartezeit: mehr als {minutes} Min.",
      waiting: "Warten auf einen Mitarbeiter…",
      with_agent: "Sie chatten mit {name}.",
      agent: "Support",
      you: "Sie",
      no_agents:
        "Gerade ist kein Mitarbeiter online, daher kann niemand einen Chat bald beantworten. Hinterlassen Sie eine Nachricht, wir antworten per E-Mail.",
      long_wait:
        "Alle Mitarbeiter sind beschäftigt: Die Wartezeit beträgt etwa {minutes} Min. Hinterlassen Sie eine Nachricht, wir antworten per E-Mail – oder warten Sie weiter.",
      leave: "Nachricht hinterlassen",
      keep_waiting: "Weiter warten",
      your_message: "Ihre Nachricht",
      send_message: "Nachricht senden",
      left: "Danke. Ihre Nachricht ist das Ticket {ticket}; wir antworten an {email}.",
      composer: "Nachricht eingeben",
      send: "Senden",
      attach: "Datei anhängen",
      uploading: "{name} wird gesendet…",
      upload_failed: "{name} konnte nicht gesendet werden.",
      too_big: "{name} ist zu groß (Grenze: {mb} MB).",
      too_long: "Diese Nachricht ist zu lang. Bitte teilen Sie sie auf.",
      sending: "Wird gesendet…",
      queued: "Warten auf Verbindung…",
      delivered: "Zugestellt",
      read: "Gelesen",
      typing: "{name} schreibt…",
      reconnecting: "Verbindung unterbrochen. Neuer Versuch…",
      offline: "Sie sind offline. Ihre Nachrichten werden gesendet, sobald Sie wieder online sind.",
      rate_limited: "Sie senden sehr schnell; Ihre Nachrichten gehen gleich hinaus.",
      transcript: "Verlauf per E-Mail senden",
      transcript_to: "Verlauf senden an",
      transcript_send: "Verlauf senden",
      transcript_sent: "Der Verlauf ist unterwegs.",
      ended: "Dieser Chat ist beendet.",
      rate: "Wie war Ihr Chat?",
      stars: "{n} von 5",
      comment: "Möchten Sie uns noch etwas sagen? (optional)",
      rate_send: "Bewertung senden",
      rated: "Danke für Ihr Feedback.",
      new_chat: "Neuen Chat starten",
      error: "Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.",
      gone: "Dieser Chat ist nicht mehr verfügbar.",
      unread: "Neue Nachrichten: {n}",
      attachment: "Anhang",
      cancel: "Abbrechen",
      assistant: "Assistent",
      assistant_greeting: "Hallo, ich bin der Support-Assistent. Ich lese gerade Ihre Frage. Wenn ich sie nicht beantworten kann, antwortet eine Person, und Sie können jederzeit eine Person verlangen.",
      with_assistant: "Sie chatten mit dem Assistenten.",
      talk_to_person: "Mit einer Person sprechen",
      solved: "Ja, das hat geholfen",
      read_article: "Artikel lesen",
      question: "Ihre Frage (optional)",
      asking_person: "Sie werden mit einer Person verbunden…",
    },
    fr: {
      open: "Discuter avec le support",
      close: "Réduire le chat",
      title: "Support",
      intro: "Posez-nous vos questions : un membre de notre équipe support vous répond ici.",
      signed_in: "Connecté en tant que {name}",
      guest:
        "Vous discutez en tant qu’invité, nous ne pouvons donc pas voir votre compte. Connectez-vous à la plateforme pour obtenir de l’aide sur votre compte.",
      safety: "Nous ne vous demanderons jamais votre mot de passe, vos codes 2FA ni vos clés privées.",
      topic: "Pour quoi avez-vous besoin d’aide ?",
      topic_withdrawal: "Retrait",
      topic_deposit: "Dépôt",
      topic_account_access: "Accès au compte et 2FA",
      topic_kyc: "Vérification d’identité (KYC)",
      topic_trading: "Trading",
      topic_other: "Autre chose",
      choose: "Choisissez…",
      language: "Langue",
      name: "Nom (facultatif)",
      email: "E-mail (facultatif)",
      email_required: "E-mail",
      start: "Démarrer le chat",
      connecting: "Connexion…",
      queue_position: "Vous êtes numéro {position} dans la file d’attente.",
      wait_minutes: "Attente estimée : environ {minutes} min.",
      wait_short: "Attente estimée : moins d’une minute.",
      wait_more: "Attente estimée : plus de {minutes} min.",
      waiting: "En attente d’un conseiller…",
      with_agent: "Vous discutez avec {name}.",
      agent: "Support",
      you: "Vous",
      no_agents:
        "Aucun conseiller n’est en ligne pour le moment : personne ne pourra répondre rapidement à un chat. Laissez un message et nous vous répondrons par e-mail.",
      long_wait:
        "Tous nos conseillers sont occupés : l’attente est d’environ {minutes} min. Laissez un message et nous vous répondrons par e-mail, ou continuez à patienter.",
      leave: "Laisser un message",
      keep_waiting: "Continuer à patienter",
      your_message: "Votre message",
      send_message: "Envoyer le message",
      left: "Merci. Votre message est le ticket {ticket} ; nous répondrons à {email}.",
      composer: "Écrivez votre message",
      send: "Envoyer",
      attach: "Joindre un fichier",
      uploading: "Envoi de {name}…",
      upload_failed: "{name} n’a pas pu être envoyé.",
      too_big: "{name} est trop volumineux (limite : {mb} Mo).",
      too_long: "Ce message est trop long. Merci de le découper.",
      sending: "Envoi…",
      queued: "En attente de connexion…",
      delivered: "Remis",
      read: "Lu",
      typing: "{name} écrit…",
      reconnecting: "Connexion perdue. Reconnexion…",
      offline: "Vous êtes hors ligne. Vos messages partiront dès votre retour en ligne.",
      rate_limited: "Vous envoyez des messages très vite ; ils partiront dans un instant.",
      transcript: "Recevoir la transcription par e-mail",
      transcript_to: "Envoyer la transcription à",
      transcript_send: "Envoyer la transcription",
      transcript_sent: "La transcription est en route.",
      ended: "Ce chat est terminé.",
      rate: "Comment s’est passé votre chat ?",
      stars: "{n} sur 5",
      comment: "Autre chose à nous dire ? (facultatif)",
      rate_send: "Envoyer la note",
      rated: "Merci pour votre avis.",
      new_chat: "Démarrer un nouveau chat",
      error: "Une erreur s’est produite. Veuillez réessayer.",
      gone: "Ce chat n’est plus disponible.",
      unread: "Nouveaux messages : {n}",
      attachment: "Pièce jointe",
      cancel: "Annuler",
      assistant: "Assistant",
      assistant_greeting: "Bonjour, je suis l'assistant du support. Je lis votre question. Si je ne peux pas y répondre, une personne le fera, et vous pouvez demander une personne à tout moment.",
      with_assistant: "Vous discutez avec l'assistant.",
      talk_to_person: "Parler à une personne",
      solved: "Oui, c'est résolu",
      read_article: "Lire l'article",
      question: "Votre question (facultatif)",
      asking_person: "Nous vous mettons en relation avec une personne…",
    },
    ru: {
      open: "Чат с поддержкой",
      close: "Свернуть чат",
      title: "Поддержка",
      intro: "Задайте любой вопрос: сотрудник службы поддержки ответит здесь.",
      signed_in: "Вы вошли как {name}",
      guest:
        "Вы общаетесь как гость, поэтому мы не видим ваш аккаунт. Войдите на бирже, чтобы получить помощь по аккаунту.",
      safety: "Мы никогда не просим пароль, коды 2FA или приватные ключи.",
      topic: "С чем вам помочь?",
      topic_withdrawal: "Вывод средств",
      topic_deposit: "Пополнение",
      topic_account_access: "Доступ к аккаунту и 2FA",
      topic_kyc: "Верификация личности (KYC)",
      topic_trading: "Торговля",
      topic_other: "Другое",
      choose: "Выберите…",
      language: "Язык",
      name: "Имя (необязательно)",
      email: "Эл. почта (необязательно)",
      email_required: "Эл. почта",
      start: "Начать чат",
      connecting: "Подключение…",
      queue_position: "Ваш номер в очереди: {position}.",
      wait_minutes: "Ожидание: около {minutes} мин.",
      wait_short: "Ожидание: меньше минуты.",
      wait_more: "Ожидание: более {minutes} мин.",
      waiting: "Ожидание сотрудника…",
      with_agent: "Вам отвечает {name}.",
      agent: "Поддержка",
      you: "Вы",
      no_agents:
        "Сейчас нет сотрудников в сети, поэтому на чат быстро не ответят. Оставьте сообщение, и мы ответим по электронной почте.",
      long_wait:
        "Все сотрудники заняты: ожидание около {minutes} мин. Оставьте сообщение, и мы ответим по электронной почте, или продолжайте ждать.",
      leave: "Оставить сообщение",
      keep_waiting: "Продолжить ожидание",
      your_message: "Ваше сообщение",
      send_message: "Отправить сообщение",
      left: "Спасибо. Вашему сообщению присвоен номер {ticket}; мы ответим на {email}.",
      composer: "Введите сообщение",
      send: "Отправить",
      attach: "Прикрепить файл",
      uploading: "Отправка {name}…",
      upload_failed: "Не удалось отправить {name}.",
      too_big: "{name} слишком большой (ограничение {mb} МБ).",
      too_long: "Сообщение слишком длинное. Разделите его, пожалуйста.",
      sending: "Отправка…",
      queued: "Ожидание подключения…",
      delivered: "Доставлено",
      read: "Прочитано",
      typing: "{name} печатает…",
      reconnecting: "Соединение потеряно. Переподключение…",
      offline: "Нет подключения к сети. Сообщения будут отправлены, когда связь восстановится.",
      rate_limited: "Вы отправляете сообщения слишком быстро; они уйдут через мгновение.",
      transcript: "Отправить переписку на почту",
      transcript_to: "Отправить переписку на адрес",
      transcript_send: "Отправить переписку",
      transcript_sent: "Переписка отправлена.",
      ended: "Чат завершён.",
      rate: "Как прошёл чат?",
      stars: "{n} из 5",
      comment: "Хотите что-то добавить? (необязательно)",
      rate_send: "Отправить оценку",
      rated: "Спасибо за отзыв.",
      new_chat: "Начать новый чат",
      error: "Что-то пошло не так. Попробуйте ещё раз.",
      gone: "Этот чат больше недоступен.",
      unread: "Новые сообщения: {n}",
      attachment: "Вложение",
      cancel: "Отмена",
      assistant: "Ассистент",
      assistant_greeting: "Здравствуйте, я ассистент поддержки. Я читаю ваш вопрос. Если я не смогу ответить, ответит сотрудник, и вы можете в любой момент попросить сотрудника.",
      with_assistant: "Вы общаетесь с ассистентом.",
      talk_to_person: "Поговорить с сотрудником",
      solved: "Да, вопрос решён",
      read_article: "Читать статью",
      question: "Ваш вопрос (необязательно)",
      asking_person: "Соединяем вас с сотрудником…",
    },
  };
  var LANGUAGES = [
    ["en", "English"],
    ["es", "Español"],
    ["pt-br", "Português (Brasil)"],
    ["tr", "Türkçe"],
    ["ja", "日本語"],
    ["de", "Deutsch"],
    ["fr", "Français"],
    ["ru", "Русский"],
  ];
  var TOPICS = ["withdrawal", "deposit", "account_access", "kyc", "trading", "other"];
  // The server refuses frames over 16 KiB; a message is checked against this before it is sent.
  var MAX_FRAME_BYTES = 16 * 1024;
  var MAX_BODY_CHARS = 4000;
  var ACK_TIMEOUT_MS = 10000;
  var KEPT_MESSAGES = 200;

  function pickLanguage(code) {
    code = String(code || "").toLowerCase().replace("_", "-");
    if (STRINGS[code]) return code;
    if (code.indexOf("pt") === 0) return "pt-br";
    var base = code.split("-")[0];
    return STRINGS[base] ? base : "en";
  }

  function claimsOf(token) {
    // Only to greet the customer by name; the helpdesk verifies the signature, not this script.
    try {
      var part = token.split(".")[0].replace(/-/g, "+").replace(/_/g, "/");
      while (part.length % 4) part += "=";
      var binary = atob(part);
      var bytes = new Uint8Array(binary.length);
      for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      var claims = JSON.parse(new TextDecoder().decode(bytes));
      return claims && typeof claims === "object" ? claims : {};
    } catch (e) {
      return {};
    }
  }

  var scriptUrl = new URL(script.getAttribute("src"), location.href);
  var identity = script.getAttribute("data-identity") || "";
  var claims = identity ? claimsOf(identity) : {};
  var config = {
    helpdesk: (script.getAttribute("data-helpdesk") || scriptUrl.origin).replace(/\/+$/, ""),
    identity: identity,
    language: pickLanguage(
      script.getAttribute("data-language") || claims.language || navigator.language || "en"
    ),
    longWait: parseInt(script.getAttribute("data-long-wait") || "300", 10) || 300,
    maxUploadMb: parseInt(script.getAttribute("data-max-upload-mb") || "10", 10) || 10,
    // The help-center article the visitor was reading, passed on to the agent with the chat.
    articleUrl: script.getAttribute("data-article-url") || "",
    articleTitle: script.getAttribute("data-article-title") || "",
    css: new URL("widget.css", scriptUrl).href,
  };
  var wsUrl = config.helpdesk.replace(/^http/, "ws") + "/ws/chat/customer/";
  // One stored conversation per helpdesk and per signed-in user, so a different user in the same tab
  // never resumes someone else's chat.
  var STORE_KEY = "cryptodesk-chat:" + config.helpdesk + ":" + (claims.sub ? "u:" + claims.sub : "guest");

  // --- State, kept in sessionStorage so a page change on the exchange's site resumes the chat ------
  function freshState(lang) {
    return {
      token: null,
      conversation: null,
      seq: 0,
      readSent: 0,
      readBy: 0,
      status: null,
      agent: null,
      queue: null,
      view: "prechat",
      reason: null,
      ended: false,
      rated: false,
      keepWaiting: false,
      left: null,
      open: false,
      lang: lang || config.language,
      topic: "",
      email: claims.email || "",
      pending: [],
      messages: [],
      // Tier 0 (the assistant) holds the chat: it greets, answers, and a person is one click away.
      assistant: false,
      greeted: false,
    };
  }

  function load() {
    try {
      var raw = sessionStorage.getItem(STORE_KEY);
      var saved = raw ? JSON.parse(raw) : null;
      if (saved && typeof saved === "object") {
        var base = freshState();
        for (var k in base) if (!(k in saved)) saved[k] = base[k];
        return saved;
      }
    } catch (e) {
      /* storage unavailable or corrupt: start afresh */
    }
    return freshState();
  }

  function save() {
    state.messages = state.messages.slice(-KEPT_MESSAGES);
    try {
      sessionStorage.setItem(STORE_KEY, JSON.stringify(state));
    } catch (e) {
      /* private mode or quota: the chat still works for this page */
    }
  }

  var state = load();

  function t(key, vars) {
    var text = (STRINGS[state.lang] || STRINGS.en)[key] || STRINGS.en[key] || key;
    if (vars) {
      text = text.replace(/\{(\w+)\}/g, function (match, name) {
        return name in vars ? String(vars[name]) : match;
      });
    }
    return text;
  }

  function nameOf(who) {
    if (!who) return "";
    if (typeof who === "string") return who;
    return String(who.name || who.display_name || who.username || "");
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map
      .call(bytes, function (b) {
        return ("0" + b.toString(16)).slice(-2);
      })
      .join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  // --- DOM helpers --------------------------------------------------------------------------------
  function h(tag, props, children) {
    var el = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (key) {
        var value = props[key];
        if (value === null || value === undefined || value === false) return;
        if (key === "text") el.textContent = value;
        else if (key === "class") el.className = value;
        else if (key.slice(0, 2) === "on") el.addEventListener(key.slice(2), value);
        else el.setAttribute(key, value === true ? "" : value);
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return el;
  }

  function icon(path) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var p = document.createElementNS(ns, "path");
    p.setAttribute("d", path);
    svg.appendChild(p);
    return svg;
  }
  var ICON_CHAT = "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z";
  var ICON_CLOSE = "M6 6l12 12M18 6L6 18";
  var ICON_CLIP =
    "M16.5 6.5l-7.8 7.8a2 2 0 0 0 2.8 2.8l8-8a4 4 0 0 0-5.7-5.7l-8 8a6 6 0 0 0 8.5 8.5l7.2-7.2";
  var ICON_SEND = "M3 20l18-8L3 4v6l12 2-12 2z";

  function formatTime(iso) {
    if (!iso) return "";
    try {
      return new Date(iso).toLocaleTimeString(state.lang, { hour: "2-digit", minute: "2-digit" });
    } catch (e) {
      return "";
    }
  }

  function safeUrl(url) {
    try {
      var parsed = new URL(url, config.helpdesk);
      return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  // --- The shell: launcher button and panel ---------------------------------------------------------
  var host = document.createElement("cryptodesk-chat");
  host.style.visibility = "hidden";
  var root = host.attachShadow({ mode: "open" });
  var stylesheet = h("link", { rel: "stylesheet", href: config.css });
  stylesheet.addEventListener("load", reveal);
  stylesheet.addEventListener("error", reveal);
  function reveal() {
    host.style.visibility = "";
  }

  var ui = {};
  ui.frame = h("div", { class: "cdw", dir: "ltr" });
  ui.launcherLabel = h("span", { class: "cdw-vh" });
  ui.badge = h("span", { class: "cdw-badge", "aria-hidden": "true", hidden: true });
  ui.launcher = h(
    "button",
    {
      type: "button",
      class: "cdw-launcher",
      "aria-expanded": "false",
      "aria-controls": "cdw-panel",
      onclick: function () {
        setOpen(!state.open, true);
      },
    },
    [icon(ICON_CHAT), ui.launcherLabel, ui.badge]
  );
  ui.title = h("h2", { id: "cdw-title", class: "cdw-title" });
  ui.statusLine = h("p", { class: "cdw-statusline", role: "status" });
  ui.closeButton = h(
    "button",
    {
      type: "button",
      class: "cdw-close",
      onclick: function () {
        setOpen(false, true);
      },
    },
    [icon(ICON_CLOSE)]
  );
  ui.conn = h("p", { class: "cdw-conn", role: "status", hidden: true });
  // Service notices (declared incidents) in the visitor's language: plain text, never HTML.
  ui.incidents = h("div", { class: "cdw-incidents", role: "status", hidden: true });
  ui.main = h("div", { class: "cdw-main" });
  ui.panel = h(
    "section",
    {
      id: "cdw-panel",
      class: "cdw-panel",
      role: "dialog",
      "aria-labelledby": "cdw-title",
      hidden: true,
      onkeydown: function (event) {
        if (event.key === "Escape") {
          event.stopPropagation();
          setOpen(false, true);
        }
      },
    },
    [
      h("header", { class: "cdw-head" }, [h("div", { class: "cdw-headtext" }, [ui.title, ui.statusLine]), ui.closeButton]),
      ui.conn,
      ui.incidents,
      ui.main,
    ]
  );
  ui.frame.appendChild(ui.panel);
  ui.frame.appendChild(ui.launcher);
  root.appendChild(stylesheet);
  root.appendChild(ui.frame);

  var unread = 0;

  // The notices are read when the panel opens or the language changes, and again at most every minute:
  // a resolved incident's notice goes with the next read.
  var incidentsRead = { lang: null, at: 0 };
  function refreshIncidents() {
    if (!state.open || typeof fetch !== "function") return;
    var now = Date.now();
    if (incidentsRead.lang === state.lang && now - incidentsRead.at < 60000) return;
    incidentsRead = { lang: state.lang, at: now };
    var lang = state.lang;
    fetch(config.helpdesk + "/incidents/banner.json?language=" + encodeURIComponent(lang), {
      mode: "cors",
      credentials: "omit",
    })
      .then(function (response) {
        return response.ok ? response.json() : { incidents: [] };
      })
      .then(function (data) {
        if (lang !== state.lang) return;
        var items = (data && data.incidents) || [];
        ui.incidents.textContent = "";
        items.forEach(function (item) {
          if (item && typeof item.message === "string") {
            ui.incidents.appendChild(h("p", { class: "cdw-incident", text: item.message }));
          }
        });
        ui.incidents.hidden = !ui.incidents.childNodes.length;
      })
      .catch(function () {
        /* no notice is better than a broken panel */
      });
  }

  function applyChrome() {
    refreshIncidents();
    ui.frame.setAttribute("lang", state.lang);
    ui.title.textContent = t("title");
    ui.closeButton.setAttribute("aria-label", t("close"));
    ui.launcherLabel.textContent = state.open ? t("close") : t("open");
    ui.launcher.setAttribute("aria-expanded", state.open ? "true" : "false");
    ui.badge.hidden = !unread || state.open;
    ui.badge.textContent = String(unread);
    if (unread && !state.open) ui.launcherLabel.textContent = t("open") + ". " + t("unread", { n: unread });
    ui.frame.classList.toggle("cdw-is-open", state.open);
    updateStatusLine();
  }

  function setOpen(open, userAction) {
    state.open = open;
    ui.panel.hidden = !open;
    if (open) unread = 0;
    save();
    applyChrome();
    if (open) {
      if (userAction) focusFirst();
      markRead();
    } else if (userAction) {
      ui.launcher.focus();
    }
  }

  function focusFirst() {
    var target = ui.main.querySelector("[data-autofocus]") || ui.main.querySelector("textarea, select, input, button");
    if (target) target.focus();
  }

  // --- HTTP ---------------------------------------------------------------------------------------
  function request(path, body) {
    // The helpdesk answers errors in the widget's language, not the browser's.
    var init = { method: "POST", mode: "cors", credentials: "omit", headers: { "Accept-Language": state.lang } };
    if (body instanceof FormData) {
      init.body = body;
    } else {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(config.helpdesk + path, init).then(function (response) {
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (data) {
          if (!response.ok) throw data;
          return data;
        });
    });
  }

  function failure(error) {
    // The helpdesk's own explanation if it gave one; a network failure's message is not for people.
    var explained = error && !(error instanceof Error) && typeof error.message === "string";
    return (explained && error.message) || t("error");
  }

  // --- Views --------------------------------------------------------------------------------------
  function render() {
    applyChrome();
    ui.main.textContent = "";
    ui.log = null;
    ui.longWait = null;
    ui.typing = null;
    ui.composerError = null;
    ui.personBar = null;
    var view = { prechat: viewPrechat, chat: viewChat, leave: viewLeave, left: viewLeft }[state.view] || viewPrechat;
    ui.main.appendChild(view());
  }

  function field(labelText, control, id) {
    control.id = id;
    return h("div", { class: "cdw-field" }, [h("label", { for: id, text: labelText }), control]);
  }

  function errorLine() {
    return h("p", { class: "cdw-error", role: "alert", hidden: true });
  }

  function showError(el, text) {
    el.textContent = text;
    el.hidden = !text;
  }

  function viewPrechat() {
    var topic = h("select", { name: "topic", required: true, "data-autofocus": true }, [
      h("option", { value: "", text: t("choose") }),
    ]);
    TOPICS.forEach(function (code) {
      topic.appendChild(h("option", { value: code, text: t("topic_" + code) }));
    });
    topic.value = state.topic || "";
    var language = h("select", { name: "language" });
    LANGUAGES.forEach(function (pair) {
      language.appendChild(h("option", { value: pair[0], lang: pair[0], text: pair[1] }));
    });
    language.value = state.lang;
    language.addEventListener("change", function () {
      state.lang = pickLanguage(language.value);
      state.topic = topic.value;
      save();
      render();
      var again = ui.main.querySelector("select[name=language]");
      if (again) again.focus();
    });
    var name = h("input", { name: "name", type: "text", autocomplete: "name", maxlength: "200" });
    var email = h("input", { name: "email", type: "email", autocomplete: "email", maxlength: "254" });
    email.value = state.email || "";
    var question = h("textarea", { name: "message", rows: "3", maxlength: String(MAX_BODY_CHARS) });
    var error = errorLine();
    var submit = h("button", { type: "submit", class: "cdw-primary", text: t("start") });
    var who = config.identity
      ? h("p", { class: "cdw-who", text: t("signed_in", { name: claims.name || claims.sub || "" }) })
      : h("p", { class: "cdw-who cdw-guest", text: t("guest") });
    var form = h("form", { class: "cdw-form cdw-prechat" }, [
      h("p", { class: "cdw-intro", text: t("intro") }),
      who,
      field(t("topic"), topic, "cdw-topic"),
      field(t("language"), language, "cdw-language"),
      field(t("question"), question, "cdw-question"),
      config.identity ? null : field(t("name"), name, "cdw-name"),
      config.identity ? null : field(t("email"), email, "cdw-email"),
      h("p", { class: "cdw-safety", text: t("safety") }),
      error,
      submit,
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!topic.value) {
        topic.focus();
        return;
      }
      submit.disabled = true;
      submit.textContent = t("connecting");
      showError(error, "");
      var body = { topic: topic.value, language: state.lang };
      if (question.value.trim()) body.message = question.value.trim();
      if (config.articleUrl) {
        body.article_url = config.articleUrl;
        body.article_title = config.articleTitle;
      }
      if (config.identity) body.identity = config.identity;
      else {
        if (name.value.trim()) body.name = name.value.trim();
        if (email.value.trim()) body.email = email.value.trim();
      }
      request("/chat/api/start/", body)
        .then(function (data) {
          var lang = state.lang;
          state = freshState(lang);
          state.open = true;
          state.topic = topic.value;
          state.email = body.email || claims.email || "";
          state.token = data.token;
          state.conversation = data.conversation;
          state.seq = data.last_seq || 0;
          state.queue = data.queue || null;
          state.status = "waiting";
          state.assistant = !!data.assistant;
          state.greeted = state.assistant;
          if (data.agents_available === false) {
            state.view = "leave";
            // "busy": agents are online but the wait is long; only "no_agents" says nobody is online.
            state.reason = data.availability === "busy" ? "long_wait" : "no_agents";
          } else {
            state.view = "chat";
          }
          save();
          render();
          focusFirst();
          connect();
        })
        .catch(function (problem) {
          submit.disabled = false;
          submit.textContent = t("start");
          showError(error, failure(problem));
        });
    });
    return form;
  }

  function queueText() {
    var q = state.queue;
    if (!q) return t("waiting");
    var parts = [];
    if (q.position) parts.push(t("queue_position", { position: q.position }));
    if (typeof q.expected_wait_seconds === "number") {
      var minutes = Math.round(q.expected_wait_seconds / 60);
      parts.push(
        q.expected_wait_capped
          ? t("wait_more", { minutes: minutes })
          : q.expected_wait_seconds < 60
            ? t("wait_short")
            : t("wait_minutes", { minutes: minutes })
      );
    }
    return parts.length ? parts.join(" ") : t("waiting");
  }

  function updateStatusLine() {
    var text = "";
    if (state.view === "chat") {
      if (state.ended) text = t("ended");
      else if (state.assistant) text = t("with_assistant");
      else if (state.status === "active") text = t("with_agent", { name: nameOf(state.agent) || t("agent") });
      else text = queueText();
    }
    if (ui.statusLine.textContent !== text) ui.statusLine.textContent = text;
    ui.statusLine.hidden = !text;
    if (ui.longWait) {
      var q = state.queue;
      var queued = !state.ended && !state.keepWaiting && !state.assistant && state.status !== "active" && q;
      var tooLong = queued && typeof q.expected_wait_seconds === "number" && q.expected_wait_seconds > config.longWait;
      // A place in line with no estimate: nobody who could answer is online any more.
      var nobody = queued && state.status === "waiting" && q.position && q.expected_wait_seconds === null;
      ui.longWait.hidden = !(tooLong || nobody);
      if (nobody) ui.longWaitText.textContent = t("no_agents");
      else if (tooLong) {
        ui.longWaitText.textContent = t("long_wait", { minutes: Math.round(q.expected_wait_seconds / 60) });
      }
    }
  }

  function viewChat() {
    ui.longWaitText = h("p");
    ui.longWait = h("div", { class: "cdw-notice", hidden: true }, [
      ui.longWaitText,
      h("div", { class: "cdw-row" }, [
        h("button", {
          type: "button",
          class: "cdw-primary",
          text: t("leave"),
          onclick: function () {
            state.view = "leave";
            state.reason = state.queue && state.queue.expected_wait_seconds === null ? "no_agents" : "long_wait";
            save();
            render();
            focusFirst();
          },
        }),
        h("button", {
          type: "button",
          text: t("keep_waiting"),
          onclick: function () {
            state.keepWaiting = true;
            save();
            updateStatusLine();
            if (ui.input) ui.input.focus();
          },
        }),
      ]),
    ]);
    ui.log = h("ol", { class: "cdw-log", role: "log", "aria-live": "polite", "aria-label": t("title"), tabindex: "0" });
    ui.typing = h("p", { class: "cdw-typing", "aria-live": "polite" });
    seqIndex = {};
    if (state.greeted) {
      ui.log.appendChild(
        h("li", { class: "cdw-msg cdw-msg-agent cdw-msg-assistant cdw-greeting" }, [
          h("p", { class: "cdw-meta" }, [h("span", { class: "cdw-author", text: t("assistant") })]),
          h("p", { class: "cdw-body", text: t("assistant_greeting") }),
        ])
      );
    }
    state.messages.forEach(function (m) {
      seqIndex[m.seq] = true;
      ui.log.appendChild(messageElement(m));
    });
    state.pending.forEach(function (item) {
      ui.log.appendChild(pendingElement(item));
    });
    ui.personBar = h("div", { class: "cdw-person", hidden: !state.assistant || state.ended }, [
      h("button", { type: "button", class: "cdw-person-button", text: t("talk_to_person"), onclick: askForPerson }),
    ]);
    var wrap = h("div", { class: "cdw-chat" }, [ui.longWait, ui.log, ui.typing, ui.personBar]);
    wrap.appendChild(state.ended ? endedSection() : composer());
    updateReceipts();
    updateStatusLine();
    setTimeout(function () {
      paintChoices();
      scrollToEnd();
    }, 0);
    return wrap;
  }

  function composer() {
    ui.input = h("textarea", {
      id: "cdw-input",
      rows: "2",
      maxlength: String(MAX_BODY_CHARS),
      "data-autofocus": true,
      autocomplete: "off",
    });
    var error = errorLine();
    ui.composerError = error;
    var fileInput = h("input", {
      type: "file",
      class: "cdw-vh",
      tabindex: "-1",
      "aria-hidden": "true",
      accept: "image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain,text/csv",
    });
    var attach = h(
      "button",
      {
        type: "button",
        class: "cdw-icon",
        "aria-label": t("attach"),
        title: t("attach"),
        onclick: function () {
          fileInput.click();
        },
      },
      [icon(ICON_CLIP)]
    );
    fileInput.addEventListener("change", function () {
      Array.prototype.forEach.call(fileInput.files || [], upload);
      fileInput.value = "";
    });
    var send = h("button", { type: "submit", class: "cdw-icon cdw-send", "aria-label": t("send"), title: t("send") }, [
      icon(ICON_SEND),
    ]);
    var form = h("form", { class: "cdw-composer" }, [
      h("label", { for: "cdw-input", class: "cdw-vh", text: t("composer") }),
      ui.input,
      attach,
      send,
      fileInput,
    ]);
    ui.input.setAttribute("placeholder", t("composer"));
    ui.input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit ? form.requestSubmit() : submitComposer();
      }
    });
    ui.input.addEventListener("input", onTypingInput);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submitComposer();
    });
    return h("div", { class: "cdw-bottom" }, [error, form, transcriptTool()]);
  }

  function submitComposer() {
    var body = ui.input.value.trim();
    if (!body) return;
    var frame = { type: "message.send", client_id: uuid(), body: body };
    if (new TextEncoder().encode(JSON.stringify(frame)).length > MAX_FRAME_BYTES) {
      showError(ui.composerError, t("too_long"));
      return;
    }
    showError(ui.composerError, "");
    ui.input.value = "";
    setTyping(false);
    var item = { client_id: frame.client_id, body: body, created_at: new Date().toISOString() };
    state.pending.push(item);
    save();
    ui.log.appendChild(pendingElement(item));
    updateReceipts();
    scrollToEnd();
    flushPending();
  }

  function transcriptTool() {
    var email = h("input", { type: "email", autocomplete: "email", maxlength: "254" });
    email.value = state.email || "";
    var status = h("p", { class: "cdw-note", role: "status" });
    var form = h("form", { class: "cdw-transcript", hidden: true }, [
      field(t("transcript_to"), email, "cdw-transcript-email"),
      h("div", { class: "cdw-row" }, [
        h("button", { type: "submit", class: "cdw-primary", text: t("transcript_send") }),
        h("button", {
          type: "button",
          text: t("cancel"),
          onclick: function () {
            form.hidden = true;
            toggle.hidden = false;
            toggle.focus();
          },
        }),
      ]),
    ]);
    var toggle = h("button", {
      type: "button",
      class: "cdw-link",
      text: t("transcript"),
      onclick: function () {
        form.hidden = false;
        toggle.hidden = true;
        status.textContent = "";
        email.focus();
      },
    });
    if (!config.identity) email.required = true;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = { token: state.token };
      if (email.value.trim()) body.email = email.value.trim();
      request("/chat/api/transcript/", body)
        .then(function () {
          state.email = body.email || state.email;
          save();
          form.hidden = true;
          toggle.hidden = false;
          status.textContent = t("transcript_sent");
          toggle.focus();
        })
        .catch(function (problem) {
          status.textContent = failure(problem);
        });
    });
    return h("div", { class: "cdw-tools" }, [toggle, form, status]);
  }

  function endedSection() {
    var heading = h("h3", { class: "cdw-ended", tabindex: "-1", text: t("ended") });
    ui.endedHeading = heading;
    var parts = [heading];
    if (state.rated) {
      parts.push(h("p", { class: "cdw-note", text: t("rated") }));
    } else {
      parts.push(ratingForm());
    }
    parts.push(transcriptTool());
    parts.push(
      h("button", {
        type: "button",
        class: "cdw-link",
        text: t("new_chat"),
        onclick: newChat,
      })
    );
    return h("section", { class: "cdw-bottom cdw-end" }, parts);
  }

  function ratingForm() {
    var stars = h("div", { class: "cdw-stars" });
    var error = errorLine();
    function paint() {
      var checked = stars.querySelector("input:checked");
      var value = checked ? parseInt(checked.value, 10) : 0;
      Array.prototype.forEach.call(stars.querySelectorAll("label"), function (label, index) {
        label.classList.toggle("cdw-on", index < value);
      });
    }
    for (var n = 1; n <= 5; n++) {
      stars.appendChild(
        h("label", {}, [
          h("input", { type: "radio", name: "rating", value: String(n), required: true, class: "cdw-vh" }),
          h("span", { "aria-hidden": "true", text: "★" }),
          h("span", { class: "cdw-vh", text: t("stars", { n: n }) }),
        ])
      );
    }
    stars.addEventListener("change", paint);
    var comment = h("textarea", { rows: "2", maxlength: "2000" });
    var form = h("form", { class: "cdw-form cdw-rating" }, [
      h("fieldset", {}, [h("legend", { text: t("rate") }), stars]),
      field(t("comment"), comment, "cdw-comment"),
      error,
      h("button", { type: "submit", class: "cdw-primary", text: t("rate_send") }),
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var checked = stars.querySelector("input:checked");
      if (!checked) return;
      var body = { token: state.token, rating: parseInt(checked.value, 10) };
      if (comment.value.trim()) body.comment = comment.value.trim();
      request("/chat/api/rating/", body)
        .then(function () {
          state.rated = true;
          save();
          var thanks = h("p", { class: "cdw-note", role: "status", tabindex: "-1", text: t("rated") });
          form.replaceWith(thanks);
          thanks.focus();
        })
        .catch(function (problem) {
          showError(error, failure(problem));
        });
    });
    return form;
  }

  function viewLeave() {
    var intro = h("p", {
      class: "cdw-notice-text",
      text:
        state.reason === "no_agents"
          ? t("no_agents")
          : t("long_wait", { minutes: Math.round(((state.queue && state.queue.expected_wait_seconds) || 0) / 60) }),
    });
    var email = h("input", { type: "email", required: true, autocomplete: "email", maxlength: "254" });
    email.value = state.email || "";
    var draft = state.messages
      .filter(function (m) {
        return m.kind === "customer";
      })
      .map(function (m) {
        return m.body;
      })
      .concat(
        state.pending.map(function (p) {
          return p.body;
        })
      )
      .join("\n");
    var message = h("textarea", { rows: "5", required: true, maxlength: "10000", "data-autofocus": true });
    message.value = draft;
    var error = errorLine();
    var submit = h("button", { type: "submit", class: "cdw-primary", text: t("send_message") });
    var form = h("form", { class: "cdw-form cdw-leave" }, [
      intro,
      field(t("email_required"), email, "cdw-leave-email"),
      field(t("your_message"), message, "cdw-leave-body"),
      error,
      h("div", { class: "cdw-row" }, [
        submit,
        state.reason === "long_wait"
          ? h("button", {
              type: "button",
              text: t("keep_waiting"),
              onclick: function () {
                state.view = "chat";
                state.keepWaiting = true;
                save();
                render();
                focusFirst();
                connect();
              },
            })
          : null,
      ]),
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submit.disabled = true;
      showError(error, "");
      request("/chat/api/leave-message/", { token: state.token, email: email.value.trim(), body: message.value.trim() })
        .then(function (data) {
          state.left = { ticket: data.ticket, email: email.value.trim() };
          state.email = email.value.trim();
          state.view = "left";
          state.pending = [];
          save();
          disconnect();
          render();
          var done = ui.main.querySelector(".cdw-done");
          if (done) done.focus();
        })
        .catch(function (problem) {
          submit.disabled = false;
          showError(error, failure(problem));
        });
    });
    return form;
  }

  function viewLeft() {
    var left = state.left || {};
    return h("div", { class: "cdw-form" }, [
      h("p", { class: "cdw-done", tabindex: "-1", role: "status", text: t("left", { ticket: left.ticket || "", email: left.email || "" }) }),
      h("button", { type: "button", class: "cdw-link", text: t("new_chat"), onclick: newChat }),
    ]);
  }

  function newChat() {
    disconnect();
    state = freshState(state.lang);
    state.open = true;
    save();
    render();
    focusFirst();
  }

  // --- Messages -----------------------------------------------------------------------------------
  var seqIndex = {};

  function authorLabel(m) {
    if (m.kind === "customer") return t("you");
    if (m.assistant) return t("assistant");
    return nameOf(m.author) || t("agent");
  }

  // --- Tier 0: the choices under its answer, and "talk to a person" --------------------------------
  function choicesSeq() {
    // Only the newest answer offers its choices, and only until the visitor writes again.
    var seq = 0;
    state.messages.forEach(function (m) {
      if (m.assistant && m.assistant.choices && m.assistant.choices.length) seq = m.seq;
      else if (m.kind === "customer" && seq) seq = 0;
    });
    return seq;
  }

  function choicesElement(m) {
    var row = h("div", { class: "cdw-choices" });
    if (m.assistant.choices.indexOf("solved") >= 0) {
      row.appendChild(
        h("button", {
          type: "button",
          class: "cdw-primary cdw-solved",
          text: t("solved"),
          onclick: function (event) {
            event.target.disabled = true;
            request("/assistant/chat/solved/", { token: state.token, assessment: m.assistant.assessment })
              .then(function () {
                state.assistant = false;
                endChat();
              })
              .catch(function (problem) {
                event.target.disabled = false;
                if (ui.composerError) showError(ui.composerError, failure(problem));
              });
          },
        })
      );
    }
    if (m.assistant.choices.indexOf("person") >= 0) {
      row.appendChild(h("button", { type: "button", text: t("talk_to_person"), onclick: askForPerson }));
    }
    return row;
  }

  function paintChoices() {
    if (!ui.log) return;
    Array.prototype.forEach.call(ui.log.querySelectorAll(".cdw-choices"), function (el) {
      el.remove();
    });
    if (ui.personBar) ui.personBar.hidden = !state.assistant || state.ended;
    if (!state.assistant || state.ended) return;
    var seq = choicesSeq();
    if (!seq) return;
    var li = ui.log.querySelector('li[data-seq="' + seq + '"]');
    var m = null;
    state.messages.forEach(function (x) {
      if (x.seq === seq) m = x;
    });
    if (li && m) li.appendChild(choicesElement(m));
  }

  function askForPerson(event) {
    // Never refused: whatever tier 0 was doing, the chat goes to the agents.
    var button = event && event.target;
    if (button) {
      button.disabled = true;
      button.textContent = t("asking_person");
    }
    request("/assistant/chat/person/", { token: state.token })
      .then(function (data) {
        state.assistant = !!(data && data.assistant);
        save();
        paintChoices();
        updateStatusLine();
        if (ui.input) ui.input.focus();
      })
      .catch(function (problem) {
        if (button) {
          button.disabled = false;
          button.textContent = t("talk_to_person");
        }
        if (ui.composerError) showError(ui.composerError, failure(problem));
      });
  }

  function messageElement(m) {
    var li = h("li", {
      class: "cdw-msg cdw-msg-" + m.kind + (m.assistant ? " cdw-msg-assistant" : ""),
      "data-seq": String(m.seq),
    });
    if (m.client_id) li.setAttribute("data-client", m.client_id);
    if (m.kind === "system") {
      li.appendChild(h("p", { class: "cdw-body", text: m.body || "" }));
      return li;
    }
    li.appendChild(
      h("p", { class: "cdw-meta" }, [
        h("span", { class: "cdw-author", text: authorLabel(m) }),
        h("time", { datetime: m.created_at || "", text: formatTime(m.created_at) }),
      ])
    );
    if (m.body) li.appendChild(h("p", { class: "cdw-body", text: m.body }));
    var article = m.assistant && m.assistant.article_url ? safeUrl(m.assistant.article_url) : null;
    if (article) {
      li.appendChild(
        h("p", { class: "cdw-article" }, [
          h("a", { href: article, target: "_blank", rel: "noopener noreferrer", text: t("read_article") }),
        ])
      );
    }
    var files = (m.attachments || []).filter(Boolean);
    if (files.length) {
      var list = h("ul", { class: "cdw-files" });
      files.forEach(function (file) {
        var label = file.filename || file.name || t("attachment");
        var href = file.url ? safeUrl(file.url) : null;
        list.appendChild(
          h("li", {}, [href ? h("a", { href: href, target: "_blank", rel: "noopener noreferrer", text: label }) : label])
        );
      });
      li.appendChild(list);
    }
    if (m.kind === "customer") li.appendChild(h("p", { class: "cdw-receipt" }));
    return li;
  }

  function pendingElement(item) {
    var li = messageElement({ kind: "customer", seq: "", client_id: item.client_id, body: item.body, created_at: item.created_at });
    li.removeAttribute("data-seq");
    li.classList.add("cdw-pending");
    return li;
  }

  function insertBySeq(li, seq) {
    var children = ui.log.children;
    for (var i = 0; i < children.length; i++) {
      var other = children[i].getAttribute("data-seq");
      if (!other || parseInt(other, 10) > seq) {
        ui.log.insertBefore(li, children[i]);
        return;
      }
    }
    ui.log.appendChild(li);
  }

  function findByClient(clientId) {
    if (!ui.log || !clientId) return null;
    var items = ui.log.querySelectorAll("li[data-client]");
    for (var i = 0; i < items.length; i++) if (items[i].getAttribute("data-client") === clientId) return items[i];
    return null;
  }

  function rememberMessage(m) {
    seqIndex[m.seq] = true;
    state.messages.push(m);
    state.messages.sort(function (a, b) {
      return a.seq - b.seq;
    });
    if (m.seq > state.seq) state.seq = m.seq;
  }

  function dropPending(clientId) {
    state.pending = state.pending.filter(function (p) {
      return p.client_id !== clientId;
    });
    delete sentOn[clientId];
  }

  function onMessage(frame) {
    var seq = parseInt(frame.seq, 10);
    if (!seq || frame.kind === "note" || seqIndex[seq]) return;
    var m = {
      seq: seq,
      kind: frame.kind,
      author: nameOf(frame.author),
      body: frame.body || "",
      client_id: frame.client_id || "",
      created_at: frame.created_at || "",
      attachments: frame.attachments || [],
    };
    if (frame.assistant && typeof frame.assistant === "object") {
      m.assistant = {
        assessment: frame.assistant.assessment,
        choices: Array.isArray(frame.assistant.choices) ? frame.assistant.choices : [],
        article_url: frame.assistant.article_url || "",
      };
    }
    if (m.client_id) dropPending(m.client_id);
    rememberMessage(m);
    save();
    if (!ui.log) return;
    var existing = findByClient(m.client_id);
    var li = messageElement(m);
    if (existing) existing.remove();
    insertBySeq(li, seq);
    var upload = ui.log.querySelector('li[data-upload-seq="' + seq + '"]');
    if (upload) upload.remove();
    if (m.kind !== "customer") {
      showRemoteTyping(null, false);
      if (!state.open || document.visibilityState !== "visible") {
        unread += 1;
        applyChrome();
      }
    }
    updateReceipts();
    paintChoices();
    scrollToEnd();
    markRead();
  }

  function onAck(frame) {
    var seq = parseInt(frame.seq, 10);
    var item = null;
    state.pending.forEach(function (p) {
      if (p.client_id === frame.client_id) item = p;
    });
    if (!item || !seq) return;
    dropPending(item.client_id);
    if (!seqIndex[seq]) {
      rememberMessage({
        seq: seq,
        kind: "customer",
        author: "",
        body: item.body,
        client_id: item.client_id,
        created_at: item.created_at,
        attachments: [],
      });
    }
    save();
    var li = findByClient(item.client_id);
    if (li && !li.getAttribute("data-seq")) {
      li.setAttribute("data-seq", String(seq));
      li.classList.remove("cdw-pending");
      li.remove();
      insertBySeq(li, seq);
    }
    updateReceipts();
  }

  function updateReceipts() {
    if (!ui.log) return;
    var own = ui.log.querySelectorAll("li.cdw-msg-customer");
    Array.prototype.forEach.call(own, function (li, index) {
      var receipt = li.querySelector(".cdw-receipt");
      if (!receipt) return;
      var text = "";
      var seq = parseInt(li.getAttribute("data-seq") || "0", 10);
      if (li.classList.contains("cdw-failed")) text = t("error");
      else if (!seq) text = ready ? t("sending") : t("queued");
      else if (index === own.length - 1) text = seq <= state.readBy ? t("read") : t("delivered");
      receipt.textContent = text;
    });
  }

  function scrollToEnd() {
    if (ui.log) ui.log.scrollTop = ui.log.scrollHeight;
  }

  function localNotice(text, extra) {
    if (!ui.log) return null;
    var li = h("li", { class: "cdw-msg cdw-local", text: text });
    Object.keys(extra || {}).forEach(function (key) {
      li.setAttribute(key, extra[key]);
    });
    ui.log.appendChild(li);
    scrollToEnd();
    return li;
  }

  function upload(file) {
    if (file.size > config.maxUploadMb * 1024 * 1024) {
      localNotice(t("too_big", { name: file.name, mb: config.maxUploadMb }));
      return;
    }
    var placeholder = localNotice(t("uploading", { name: file.name }));
    var data = new FormData();
    data.append("token", state.token);
    // The same id on a retried upload never makes a second message.
    data.append("client_id", uuid());
    data.append("file", file, file.name);
    request("/chat/api/attachments/", data)
      .then(function (answer) {
        if (!placeholder) return;
        if (seqIndex[answer.seq]) placeholder.remove();
        else placeholder.setAttribute("data-upload-seq", String(answer.seq));
      })
      .catch(function () {
        if (placeholder) {
          placeholder.textContent = t("upload_failed", { name: file.name });
          placeholder.classList.add("cdw-failed");
        }
      });
  }

  // --- Typing and read receipts ---------------------------------------------------------------------
  var typingActive = false;
  var typingTimer = null;
  var remoteTypingTimer = null;

  function setTyping(active) {
    clearTimeout(typingTimer);
    if (active) {
      typingTimer = setTimeout(function () {
        setTyping(false);
      }, 4000);
    }
    if (active === typingActive) return;
    typingActive = active;
    send({ type: "typing", active: active });
  }

  function onTypingInput() {
    setTyping(!!ui.input.value.trim());
  }

  function showRemoteTyping(name, active) {
    clearTimeout(remoteTypingTimer);
    if (!ui.typing) return;
    ui.typing.textContent = active ? t("typing", { name: name || t("agent") }) : "";
    // A lost "stopped typing" frame must not leave the indicator on for ever.
    if (active) {
      remoteTypingTimer = setTimeout(function () {
        showRemoteTyping(null, false);
      }, 8000);
    }
  }

  function markRead() {
    if (!ready || !state.open || state.view !== "chat" || document.visibilityState !== "visible") return;
    if (state.seq > state.readSent) {
      state.readSent = state.seq;
      save();
      send({ type: "read", seq: state.seq });
    }
  }

  // --- The connection -------------------------------------------------------------------------------
  var ws = null;
  var ready = false;
  var attempt = 0;
  var reconnectTimer = null;
  var connection = 0;
  var sentOn = {};
  var ackTimer = null;

  function wanted() {
    // While the visitor considers leaving a message the chat still waits, and an agent may take it.
    return !!state.token && (state.view === "chat" || state.view === "leave") && !state.ended;
  }

  function setConn(kind) {
    var text = kind === "offline" ? t("offline") : kind === "reconnecting" ? t("reconnecting") : "";
    ui.conn.textContent = text;
    ui.conn.hidden = !text;
    updateReceipts();
  }

  function send(frame) {
    if (!ws || ws.readyState !== 1 || (!ready && frame.type !== "hello")) return false;
    ws.send(JSON.stringify(frame));
    return true;
  }

  function connect() {
    clearTimeout(reconnectTimer);
    if (ws || !wanted()) return;
    var socket;
    try {
      socket = new WebSocket(wsUrl);
    } catch (e) {
      scheduleReconnect();
      return;
    }
    ws = socket;
    connection += 1;
    socket.onopen = function () {
      if (ws === socket) socket.send(JSON.stringify({ type: "hello", token: state.token, last_seq: state.seq }));
    };
    socket.onmessage = function (event) {
      if (ws !== socket) return;
      var frame;
      try {
        frame = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (frame && typeof frame === "object") onFrame(frame);
    };
    socket.onclose = function () {
      if (ws !== socket) return;
      ws = null;
      ready = false;
      typingActive = false;
      showRemoteTyping(null, false);
      if (wanted()) {
        setConn(navigator.onLine === false ? "offline" : "reconnecting");
        scheduleReconnect();
      }
    };
  }

  function scheduleReconnect() {
    clearTimeout(reconnectTimer);
    // Exponential backoff with jitter, so a helpdesk restart is not met by every widget at once.
    var ceiling = Math.min(30000, 500 * Math.pow(2, attempt));
    attempt += 1;
    reconnectTimer = setTimeout(connect, ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  function disconnect() {
    clearTimeout(reconnectTimer);
    var socket = ws;
    ws = null;
    ready = false;
    if (socket) socket.close();
    setConn("ok");
  }

  function reconnectNow() {
    attempt = 0;
    if (ws) {
      // A socket that looked open across a network change is often dead; start again.
      var socket = ws;
      ws = null;
      ready = false;
      socket.close();
    }
    connect();
  }

  function flushPending() {
    if (!ready) return;
    var mine = connection;
    var due = state.pending.filter(function (p) {
      return sentOn[p.client_id] !== mine;
    });
    // Spaced out to stay under the server's rate limit after a long outage.
    due.forEach(function (item, index) {
      setTimeout(function () {
        if (connection !== mine || !ready || sentOn[item.client_id] === mine) return;
        if (!state.pending.some(function (p) { return p.client_id === item.client_id; })) return;
        if (send({ type: "message.send", client_id: item.client_id, body: item.body })) sentOn[item.client_id] = mine;
      }, index * 150);
    });
    updateReceipts();
    watchAcks();
  }

  function watchAcks() {
    clearTimeout(ackTimer);
    if (!state.pending.length) return;
    var mine = connection;
    ackTimer = setTimeout(function () {
      // Sent but never acknowledged: the socket is half-open. Reconnecting resends with the same ids.
      if (connection === mine && ws && state.pending.length) reconnectNow();
    }, ACK_TIMEOUT_MS + state.pending.length * 150);
  }

  function onFrame(frame) {
    switch (frame.type) {
      case "welcome":
        ready = true;
        attempt = 0;
        setConn("ok");
        var agentRead = frame.read && parseInt(frame.read.agent, 10);
        if (agentRead && agentRead > state.readBy) state.readBy = agentRead;
        if (frame.status) applyStatus(frame);
        flushPending();
        markRead();
        break;
      case "message":
        onMessage(frame);
        break;
      case "ack":
        onAck(frame);
        if (!state.pending.length) clearTimeout(ackTimer);
        break;
      case "typing":
        if (frame.who === "agent") showRemoteTyping(nameOf(frame.name), !!frame.active);
        break;
      case "read":
        if (frame.by !== "customer") {
          var seq = parseInt(frame.seq, 10) || 0;
          if (seq > state.readBy) {
            state.readBy = seq;
            save();
            updateReceipts();
          }
        }
        break;
      case "status":
        applyStatus(frame);
        break;
      case "error":
        onError(frame);
        break;
    }
  }

  function applyStatus(frame) {
    state.status = frame.status;
    if ("assistant" in frame) state.assistant = !!frame.assistant;
    if ("agent" in frame) state.agent = nameOf(frame.agent) || null;
    if ("queue" in frame) state.queue = frame.queue || null;
    save();
    if (frame.status === "ended" && !state.ended) {
      endChat();
      return;
    }
    if (frame.status === "active" && state.view === "leave") {
      // An agent took the chat after all: back to the conversation, keeping what was typed.
      var typed = ui.main.querySelector(".cdw-leave textarea");
      var draft = typed ? typed.value : "";
      state.view = "chat";
      save();
      render();
      if (draft && ui.input) ui.input.value = draft;
      focusFirst();
      return;
    }
    paintChoices();
    updateStatusLine();
  }

  function endChat() {
    var hadFocus = ui.main.contains(root.activeElement);
    state.ended = true;
    state.pending = [];
    save();
    showRemoteTyping(null, false);
    disconnect();
    if (state.view !== "chat" || !ui.log) return;
    var bottom = ui.main.querySelector(".cdw-bottom");
    var section = endedSection();
    if (bottom) bottom.replaceWith(section);
    updateStatusLine();
    paintChoices();
    if (hadFocus) ui.endedHeading.focus();
  }

  function onError(frame) {
    var code = frame.code;
    // `unauthenticated` only means this socket said hello too late (the close is 4408): the token
    // still holds, so the widget reconnects and says hello again instead of forgetting the chat.
    if (!ready && (code === "not_found" || code === "forbidden")) {
      // The conversation token is no longer accepted: this chat cannot be resumed.
      disconnect();
      var lang = state.lang;
      var open = state.open;
      state = freshState(lang);
      state.open = open;
      save();
      render();
      var error = ui.main.querySelector(".cdw-error");
      if (error) showError(error, t("gone"));
    } else if (code === "closed") {
      endChat();
    } else if (code === "rate_limited") {
      setConn("ok");
      if (ui.composerError) showError(ui.composerError, t("rate_limited"));
      var mine = connection;
      Object.keys(sentOn).forEach(function (id) {
        if (sentOn[id] === mine) delete sentOn[id];
      });
      setTimeout(function () {
        if (ui.composerError) showError(ui.composerError, "");
        flushPending();
      }, 1500);
    } else if (frame.client_id) {
      // That one message was refused for good (too large, malformed): it is not resent.
      dropPending(frame.client_id);
      save();
      var li = findByClient(frame.client_id);
      if (li) li.classList.add("cdw-failed");
      if (ui.composerError) showError(ui.composerError, code === "too_large" ? t("too_long") : t("error"));
      updateReceipts();
    }
  }

  window.addEventListener("offline", function () {
    setConn("offline");
    if (ws) reconnectNow();
  });
  window.addEventListener("online", function () {
    if (wanted()) {
      setConn("reconnecting");
      reconnectNow();
    }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState !== "visible") return;
    if (!ws && wanted()) reconnectNow();
    markRead();
  });

  // --- Start ----------------------------------------------------------------------------------------
  function mount() {
    document.body.appendChild(host);
    render();
    ui.panel.hidden = !state.open;
    applyChrome();
    connect();
  }

  window.CryptodeskChat = {
    open: function () {
      setOpen(true, true);
    },
    close: function () {
      setOpen(false, false);
    },
  };

  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
