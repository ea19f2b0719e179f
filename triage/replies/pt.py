REPLIES = {
    "credited": (
        "O seu depósito de {amount} {asset} na rede {network} já foi creditado na sua conta. "
        "Pode vê-lo no seu saldo e no histórico de depósitos."
    ),
    "not_found": (
        "Não encontramos a transação {tx} no histórico da sua conta nem na rede. "
        "Poderia verificar o hash da transação e dizer-nos por qual rede a enviou?"
    ),
    "awaiting_confirmations": (
        "O seu depósito de {amount} {asset} na rede {network} já chegou à rede e tem {confirmations} das "
        "{required} confirmações necessárias. Será creditado automaticamente ao atingir {required}; não "
        "precisa de fazer nada."
    ),
    "deposits_suspended": (
        "O seu depósito de {amount} {asset} chegou à rede {network}. Os depósitos na rede {network} estão "
        "temporariamente pausados do nosso lado; os que chegam entretanto são processados quando a rede "
        "for retomada. Manteremos você informado aqui."
    ),
    "below_minimum": (
        "O seu depósito de {amount} {asset} na rede {network} está abaixo do depósito mínimo de {minimum} "
        "{asset}, por isso não foi creditado automaticamente. A nossa equipe de carteiras está analisando "
        "e informará as opções disponíveis."
    ),
    "not_credited": (
        "O seu depósito de {amount} {asset} na rede {network} está confirmado na rede, mas ainda não foi "
        "creditado. Encaminhamos à nossa equipe de carteiras para investigar e daremos notícias aqui."
    ),
    "wrong_network": (
        "A transação {tx} foi enviada pela rede {network}, mas o endereço de depósito foi emitido para "
        "{expected_network}. Depósitos enviados por outra rede não são creditados automaticamente. A nossa "
        "equipe de carteiras está analisando o seu caso e dirá o que é possível; não podemos prometer que "
        "os fundos sejam recuperados."
    ),
    "unsupported_token": (
        "A transação {tx} enviou um token {asset} de um contrato que não suportamos na rede {network} (por "
        "exemplo, uma versão em ponte do token), por isso não é creditado automaticamente. A nossa equipe "
        "de carteiras está analisando o seu caso e dirá o que é possível; não podemos prometer uma "
        "recuperação."
    ),
    "memo_missing": (
        "O seu depósito de {amount} {asset} na rede {network} chegou sem o memo/tag que identifica a sua "
        "conta, por isso não pôde ser creditado automaticamente. A nossa equipe de carteiras está "
        "analisando. Inclua sempre o memo/tag indicado na sua página de depósito."
    ),
    "memo_wrong": (
        "O seu depósito de {amount} {asset} na rede {network} chegou com um memo/tag ({memo}) que não "
        "corresponde à sua conta, por isso não pôde ser creditado automaticamente. A nossa equipe de "
        "carteiras está analisando e dará notícias aqui."
    ),
    "withdrawal_queued": (
        "O seu saque de {amount} {asset} na rede {network} está na nossa fila de processamento e ainda não "
        "foi enviado para a rede. Será enviado assim que for processado; por favor, não o solicite de novo."
    ),
    "withdrawal_review": (
        "O seu saque de {amount} {asset} na rede {network} está passando por uma revisão de rotina antes "
        "de ser enviado. Entraremos em contato se precisarmos de algo."
    ),
    "withdrawal_broadcast": (
        "O seu saque de {amount} {asset} foi enviado para a rede {network} (transação {tx}) e aguarda "
        "confirmações: {confirmations} de {required} até agora."
    ),
    "withdrawal_confirmed": (
        "O seu saque de {amount} {asset} na rede {network} está confirmado na rede (transação {tx}). Se "
        "ainda não aparece na plataforma de destino, contacte-a com este hash: ela credita segundo os "
        "seus próprios prazos."
    ),
    "withdrawal_failed": (
        "O seu saque de {amount} {asset} na rede {network} não pôde ser concluído. A nossa equipe está "
        "verificando e dará notícias aqui; por favor, não o solicite de novo até lá."
    ),
    "failed_on_chain": (
        "A transação {tx} na rede {network} falhou na rede, por isso não transferiu fundos. A nossa equipe "
        "de carteiras pode ajudar a verificar o que aconteceu."
    ),
    "stuck_low_fee": (
        "A transação {tx} na rede {network} aguarda inclusão porque a taxa oferecida está abaixo da taxa "
        "base atual da rede. Avançará quando as taxas baixarem, ou quem a enviou pode substituí-la por uma "
        "com taxa maior."
    ),
    "sent_to_contract": (
        "A transação {tx} enviou {amount} {asset} na rede {network} para o endereço de um contrato "
        "inteligente, não para uma carteira. Se os fundos enviados a um contrato podem ser devolvidos "
        "depende desse contrato; a nossa equipe de carteiras está analisando o seu caso e não podemos "
        "prometer uma recuperação."
    ),
    "not_our_address": (
        "A transação {tx} na rede {network} foi enviada para um endereço que não é nenhum dos endereços "
        "de depósito emitidos para a sua conta. Poderia confirmar para qual endereço a enviou? A sua "
        "página de depósito mostra o endereço correto para cada rede."
    ),
}
