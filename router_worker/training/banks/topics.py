# ruff: noqa: E501  (data banks: long natural-language strings)
"""Topic catalogue: what a guideline is about, and how users talk about it.

Each topic has, per language:

- ``cond``: a subordinate clause usable after "If"/"Si"/"Wenn"/"Se" (German clauses are
  verb-final, Portuguese ones use the future subjunctive);
- ``np``: a plural noun phrase (feminine plural in es/fr/pt) for "never escalate ..." rules;
- ``ask``: user messages that clearly meet the condition (slots: {ref} {amount} {product}
  {brand});
- ``near``: user messages about something related that does NOT meet the condition.

``problem``: whether a user raising this topic has a problem (for business priority).
``threshold``: money-threshold topics; their ``ask`` always states ``{amount}``.
"""

from __future__ import annotations

from typing import Any

TOPICS: dict[str, dict[str, Any]] = {
    # ------------------------------------------------------------- money thresholds
    "refund_amount": {
        "problem": True,
        "threshold": True,
        "en": {
            "np": "refund requests",
            "ask": [
                "I'd like a refund for order {ref}. It was {amount}.",
                "hi, can I get my money back? paid {amount} and it's not what I expected",
                "Requesting a refund of {amount} for {ref}, it arrived broken.",
                "I want to send it back and get the {amount} refunded please",
                "refund pls. {amount}, order {ref}. never used it",
            ],
        },
        "es": {
            "np": "solicitudes de reembolso",
            "ask": [
                "Hola, quiero que me devuelvan el dinero del pedido {ref}, fueron {amount}.",
                "quiero un reembolso de {amount}, no me sirve lo que compré",
                "Buenas, ¿me podéis reembolsar los {amount} de {ref}? Llegó roto.",
            ],
        },
        "fr": {
            "np": "demandes de remboursement",
            "ask": [
                "Bonjour, je voudrais être remboursé pour la commande {ref}, soit {amount}.",
                "je veux récupérer mes {amount}, le produit ne correspond pas du tout",
                "Remboursement svp : {amount}, commande {ref}, jamais utilisé.",
            ],
        },
        "de": {
            "np": "Erstattungsanträge",
            "ask": [
                "Hallo, ich hätte gern eine Erstattung für Bestellung {ref}, das waren {amount}.",
                "ich will mein geld zurück, {amount} für etwas das nicht funktioniert",
                "Bitte {amount} erstatten, Bestellung {ref}, kam kaputt an.",
            ],
        },
        "pt": {
            "np": "solicitações de reembolso",
            "ask": [
                "Olá, quero o reembolso do pedido {ref}, paguei {amount}.",
                "quero meu dinheiro de volta, {amount}, o produto veio com defeito",
                "Bom dia, é possível reembolsar os {amount} da encomenda {ref}?",
            ],
        },
    },
    "credit_amount": {
        "problem": True,
        "threshold": True,
        "en": {
            "np": "bill credit requests",
            "ask": [
                "The service was down for three days. I think a credit of {amount} is fair.",
                "can you credit {amount} to my bill for the outage last week?",
                "I was overcharged, please put a {amount} credit on my account",
            ],
        },
        "es": {
            "np": "solicitudes de abono en factura",
            "ask": [
                "Estuve tres días sin servicio, pido un abono de {amount} en la factura.",
                "me podéis abonar {amount} en la próxima factura por la caída de la semana pasada?",
            ],
        },
        "fr": {
            "np": "demandes d'avoir sur facture",
            "ask": [
                "Trois jours sans service, je demande un avoir de {amount} sur ma facture.",
                "vous pouvez me faire un geste de {amount} sur la prochaine facture ? la panne a duré une semaine",
            ],
        },
        "de": {
            "np": "Gutschriftanfragen",
            "ask": [
                "Drei Tage kein Netz. Ich hätte gern eine Gutschrift von {amount} auf der Rechnung.",
                "könnt ihr mir {amount} gutschreiben wegen der störung letzte woche?",
            ],
        },
        "pt": {
            "np": "solicitações de crédito na fatura",
            "ask": [
                "Fiquei três dias sem serviço, quero um crédito de {amount} na fatura.",
                "dá pra lançar {amount} de crédito na minha conta pela queda da semana passada?",
            ],
        },
    },
    "fee_reversal": {
        "problem": True,
        "threshold": True,
        "en": {
            "np": "fee reversal requests",
            "ask": [
                "I got hit with {amount} in overdraft fees this month, can you reverse them?",
                "Please refund the {amount} late fee, my payment was only one day late.",
                "can u waive the {amount} fee? first time this happened",
            ],
        },
        "es": {
            "np": "solicitudes de devolución de comisiones",
            "ask": [
                "Me cobraron {amount} de comisión por descubierto, ¿me la podéis devolver?",
                "quiero que me anulen la comisión de {amount}, pagué solo un día tarde",
            ],
        },
        "fr": {
            "np": "demandes de remboursement de frais",
            "ask": [
                "On m'a prélevé {amount} de frais de découvert, vous pouvez les annuler ?",
                "Merci de rembourser les frais de retard de {amount}, j'ai payé avec un jour de retard seulement.",
            ],
        },
        "de": {
            "np": "Anträge auf Gebührenerstattung",
            "ask": [
                "Mir wurden {amount} Überziehungsgebühren berechnet, könnt ihr die zurückbuchen?",
                "bitte die mahngebühr von {amount} erstatten, war nur einen tag zu spät",
            ],
        },
        "pt": {
            "np": "solicitações de estorno de tarifas",
            "ask": [
                "Cobraram {amount} de tarifa de cheque especial, dá pra estornar?",
                "Queria o estorno da multa de {amount}, paguei só um dia atrasado.",
            ],
        },
    },
    "claim_amount": {
        "problem": True,
        "threshold": True,
        "en": {
            "np": "damage claims",
            "ask": [
                "Parcel {ref} arrived crushed, the contents were worth {amount}. How do I claim?",
                "I need to file a claim, the item was damaged and it's worth {amount}",
                "my stuff got wrecked in transit, declared value {amount}. what now",
            ],
        },
        "es": {
            "np": "reclamaciones por daños",
            "ask": [
                "El paquete {ref} llegó destrozado, el contenido valía {amount}. ¿Cómo reclamo?",
                "quiero poner una reclamación, lo que venía dentro costó {amount} y está roto",
            ],
        },
        "fr": {
            "np": "réclamations pour dommages",
            "ask": [
                "Le colis {ref} est arrivé écrasé, le contenu valait {amount}. Comment je fais une réclamation ?",
                "je veux déclarer un dommage, valeur déclarée {amount}, tout est cassé",
            ],
        },
        "de": {
            "np": "Schadensmeldungen",
            "ask": [
                "Paket {ref} kam zerdrückt an, Warenwert {amount}. Wie melde ich den Schaden?",
                "ich will einen schaden melden, der inhalt war {amount} wert und ist kaputt",
            ],
        },
        "pt": {
            "np": "solicitações de indenização por danos",
            "ask": [
                "A encomenda {ref} chegou amassada, o conteúdo valia {amount}. Como faço a reclamação?",
                "quero abrir uma indenização, o produto de {amount} chegou quebrado",
            ],
        },
    },
    # ------------------------------------------------------------- generic topics
    "pricing": {
        "problem": False,
        "en": {
            "cond": "the customer asks about prices, plans or what something costs",
            "np": "pricing questions",
            "ask": [
                "How much does {product} cost?",
                "what's the difference in price between the basic and the premium plan?",
                "do you have any cheaper plans? the current one is a bit much for me",
            ],
            "near": [
                "Can I switch from monthly to annual billing myself in the app?",
            ],
        },
        "es": {
            "cond": "el cliente pregunta por precios, planes o cuánto cuesta algo",
            "np": "consultas sobre precios",
            "ask": [
                "¿Cuánto cuesta {product}?",
                "qué diferencia de precio hay entre el plan básico y el premium??",
            ],
            "near": ["¿Puedo pasar de pago mensual a anual yo mismo desde la app?"],
        },
        "fr": {
            "cond": "le client pose une question sur les prix, les formules ou le coût d'un service",
            "np": "questions sur les tarifs",
            "ask": [
                "Combien coûte {product} ?",
                "c'est quoi la différence de prix entre l'offre de base et la premium ?",
            ],
            "near": ["Je peux passer du paiement mensuel à annuel moi-même dans l'appli ?"],
        },
        "de": {
            "cond": "der Kunde nach Preisen, Tarifen oder Kosten fragt",
            "np": "Preisfragen",
            "ask": [
                "Was kostet {product}?",
                "wie viel teurer ist premium als basic?",
            ],
            "near": ["Kann ich in der App selbst von monatlicher auf jährliche Zahlung wechseln?"],
        },
        "pt": {
            "cond": "o cliente perguntar sobre preços, planos ou quanto custa algo",
            "np": "dúvidas sobre preços",
            "ask": [
                "Quanto custa {product}?",
                "qual a diferença de preço entre o plano básico e o premium?",
            ],
            "near": ["Consigo mudar do pagamento mensal pro anual sozinho pelo app?"],
        },
    },
    "outage": {
        "problem": True,
        "en": {
            "cond": "the customer reports that the service is down or not working for them",
            "np": "outage reports",
            "ask": [
                "{brand} is down for me, nothing loads since this morning",
                "Is there an outage? I can't get {brand} to work at all.",
                "everything's been broken for like an hour, error 503 on every page",
            ],
            "near": [
                "Is there any planned maintenance this weekend? Just want to plan ahead.",
            ],
        },
        "es": {
            "cond": "el cliente informa de que el servicio no funciona o está caído",
            "np": "incidencias de caída del servicio",
            "ask": [
                "{brand} no me funciona desde esta mañana, no carga nada",
                "¿Hay una caída? Llevo una hora sin poder usar {brand}.",
            ],
            "near": ["¿Hay algún mantenimiento programado este finde? Es para organizarme."],
        },
        "fr": {
            "cond": "le client signale que le service est en panne ou ne fonctionne pas",
            "np": "déclarations de panne",
            "ask": [
                "{brand} ne marche plus depuis ce matin, rien ne se charge",
                "Il y a une panne ? Impossible d'utiliser {brand} depuis une heure.",
            ],
            "near": ["Une maintenance est prévue ce week-end ? C'est pour m'organiser."],
        },
        "de": {
            "cond": "der Kunde meldet, dass der Dienst ausgefallen ist oder nicht funktioniert",
            "np": "Störungsmeldungen",
            "ask": [
                "{brand} geht seit heute morgen nicht, nichts lädt",
                "Gibt es eine Störung? Ich kann {brand} seit einer Stunde nicht nutzen.",
            ],
            "near": ["Ist am Wochenende eine Wartung geplant? Frage nur zur Planung."],
        },
        "pt": {
            "cond": "o cliente relatar que o serviço está fora do ar ou não funciona",
            "np": "notificações de instabilidade",
            "ask": [
                "o app da {brand} não funciona desde cedo, não carrega nada",
                "Está fora do ar? Faz uma hora que não consigo usar nada da {brand}.",
            ],
            "near": ["Tem alguma manutenção programada no fim de semana? Só pra me organizar."],
        },
    },
    "login": {
        "problem": True,
        "en": {
            "cond": "the customer can't log in or needs a password reset",
            "np": "password reset and login questions",
            "ask": [
                "I forgot my password and the reset email never arrives",
                "can't log in, it says invalid credentials but I'm sure the password is right",
                "how do I reset my password?",
            ],
        },
        "es": {
            "cond": "el cliente no puede iniciar sesión o necesita restablecer la contraseña",
            "np": "consultas de acceso y contraseñas",
            "ask": [
                "olvidé mi contraseña y no me llega el correo para cambiarla",
                "No puedo entrar, me dice credenciales incorrectas pero la contraseña está bien",
            ],
        },
        "fr": {
            "cond": "le client n'arrive pas à se connecter ou doit réinitialiser son mot de passe",
            "np": "questions de connexion et de mot de passe",
            "ask": [
                "j'ai oublié mon mot de passe et je reçois pas le mail de réinitialisation",
                "Impossible de me connecter, il me dit identifiants invalides alors que le mot de passe est bon",
            ],
        },
        "de": {
            "cond": "der Kunde sich nicht anmelden kann oder ein neues Passwort braucht",
            "np": "Fragen zu Login und Passwort",
            "ask": [
                "passwort vergessen und die reset-mail kommt nicht an",
                "Ich komme nicht rein, angeblich falsches Passwort, aber das stimmt sicher",
            ],
        },
        "pt": {
            "cond": "o cliente não conseguir entrar na conta ou precisar redefinir a senha",
            "np": "dúvidas de acesso e senha",
            "ask": [
                "esqueci a senha e o email de redefinição não chega",
                "Não consigo entrar, diz que a senha está errada mas tenho certeza que está certa",
            ],
        },
    },
    "data_export": {
        "problem": False,
        "en": {
            "cond": "the customer asks how to export or download their data",
            "np": "data export questions",
            "ask": [
                "How can I export all my projects to CSV?",
                "is there a way to download everything from my account before I switch laptops?",
            ],
        },
        "es": {
            "cond": "el cliente pregunta cómo exportar o descargar sus datos",
            "np": "consultas sobre exportación de datos",
            "ask": [
                "¿Cómo exporto todos mis proyectos a CSV?",
                "se pueden descargar todos mis datos de golpe?",
            ],
        },
        "fr": {
            "cond": "le client demande comment exporter ou télécharger ses données",
            "np": "questions sur l'export de données",
            "ask": [
                "Comment j'exporte tous mes projets en CSV ?",
                "on peut télécharger toutes ses données d'un coup ?",
            ],
        },
        "de": {
            "cond": "der Kunde fragt, wie er seine Daten exportieren oder herunterladen kann",
            "np": "Fragen zum Datenexport",
            "ask": [
                "Wie exportiere ich alle Projekte als CSV?",
                "kann man alle daten auf einmal runterladen?",
            ],
        },
        "pt": {
            "cond": "o cliente perguntar como exportar ou baixar os dados",
            "np": "dúvidas sobre exportação de dados",
            "ask": [
                "Como exporto todos os meus projetos para CSV?",
                "dá pra baixar todos os dados da conta de uma vez?",
            ],
        },
    },
    "sso_setup": {
        "problem": True,
        "en": {
            "cond": "the customer asks to set up or fix SSO/SAML for their company",
            "np": "SSO and SAML setup requests",
            "ask": [
                "We need to set up SAML SSO with Okta for our whole team, can you help?",
                "our SSO broke after we rotated the certificate, nobody can log in via Azure AD",
            ],
            "near": ["Do you support two-factor authentication with an authenticator app?"],
        },
        "es": {
            "cond": "el cliente quiere configurar o arreglar el SSO/SAML de su empresa",
            "np": "solicitudes de configuración de SSO",
            "ask": [
                "Necesitamos configurar SSO con Okta para todo el equipo.",
                "el SSO dejó de ir tras cambiar el certificado, nadie entra con Azure AD",
            ],
            "near": ["¿Tenéis verificación en dos pasos con app?"],
        },
        "fr": {
            "cond": "le client veut configurer ou réparer le SSO/SAML de son entreprise",
            "np": "demandes de configuration SSO",
            "ask": [
                "On doit mettre en place le SSO SAML avec Okta pour toute l'équipe.",
                "notre SSO ne marche plus depuis le changement de certificat, personne ne peut se connecter",
            ],
            "near": ["Vous gérez la double authentification par appli ?"],
        },
        "de": {
            "cond": "der Kunde SSO/SAML für seine Firma einrichten oder reparieren will",
            "np": "Anfragen zur SSO-Einrichtung",
            "ask": [
                "Wir wollen SAML-SSO mit Okta fürs ganze Team einrichten.",
                "seit dem zertifikatswechsel geht unser SSO nicht mehr, keiner kommt über Azure AD rein",
            ],
            "near": ["Unterstützt ihr Zwei-Faktor-Authentifizierung per App?"],
        },
        "pt": {
            "cond": "o cliente quiser configurar ou corrigir o SSO/SAML da empresa",
            "np": "solicitações de configuração de SSO",
            "ask": [
                "Precisamos configurar SSO SAML com o Okta para toda a equipe.",
                "o SSO parou depois que trocamos o certificado, ninguém entra pelo Azure AD",
            ],
            "near": ["Vocês têm autenticação em dois fatores por aplicativo?"],
        },
    },
    "contract_terms": {
        "problem": False,
        "en": {
            "cond": "the customer wants to change their contract terms, seats on a contract or billing terms",
            "np": "contract change requests",
            "ask": [
                "We'd like to move from annual to quarterly invoicing on our contract.",
                "Can we renegotiate our contract? We need 40 more seats but at the same rate.",
            ],
            "near": ["Where can I download a copy of our current contract?"],
        },
        "es": {
            "cond": "el cliente quiere cambiar las condiciones de su contrato",
            "np": "solicitudes de cambio de contrato",
            "ask": [
                "Queremos pasar de facturación anual a trimestral en el contrato.",
                "¿podemos renegociar el contrato? necesitamos 40 licencias más al mismo precio",
            ],
            "near": ["¿Dónde descargo una copia del contrato actual?"],
        },
        "fr": {
            "cond": "le client veut modifier les conditions de son contrat",
            "np": "demandes de modification de contrat",
            "ask": [
                "Nous voudrions passer d'une facturation annuelle à trimestrielle.",
                "on peut renégocier le contrat ? il nous faut 40 licences de plus au même tarif",
            ],
            "near": ["Où je peux télécharger une copie de notre contrat ?"],
        },
        "de": {
            "cond": "der Kunde seine Vertragsbedingungen ändern möchte",
            "np": "Vertragsänderungen",
            "ask": [
                "Wir möchten im Vertrag von jährlicher auf quartalsweise Abrechnung wechseln.",
                "können wir den vertrag neu verhandeln? brauchen 40 lizenzen mehr zum gleichen preis",
            ],
            "near": ["Wo kann ich eine Kopie unseres Vertrags herunterladen?"],
        },
        "pt": {
            "cond": "o cliente quiser alterar as condições do contrato",
            "np": "solicitações de alteração de contrato",
            "ask": [
                "Queremos mudar o contrato de faturamento anual para trimestral.",
                "dá pra renegociar o contrato? precisamos de mais 40 licenças pelo mesmo valor",
            ],
            "near": ["Onde baixo uma cópia do contrato atual?"],
        },
    },
    "cancel": {
        "problem": False,
        "en": {
            "cond": "the customer wants to cancel their subscription or account",
            "np": "cancellation requests",
            "ask": [
                "I want to cancel my {brand} subscription.",
                "how do i cancel? moving abroad and won't need it anymore",
                "Please close my account at the end of this billing period.",
            ],
            "near": ["If I pause my plan for a month, do I keep my data?"],
        },
        "es": {
            "cond": "el cliente quiere cancelar su suscripción o su cuenta",
            "np": "solicitudes de baja",
            "ask": [
                "Quiero darme de baja de {brand}.",
                "como cancelo la suscripción? me mudo y ya no lo voy a usar",
            ],
            "near": ["Si pauso el plan un mes, ¿conservo mis datos?"],
        },
        "fr": {
            "cond": "le client veut résilier son abonnement ou fermer son compte",
            "np": "demandes de résiliation",
            "ask": [
                "Je souhaite résilier mon abonnement {brand}.",
                "comment je résilie ? je déménage à l'étranger",
            ],
            "near": ["Si je mets mon abonnement en pause un mois, je garde mes données ?"],
        },
        "de": {
            "cond": "der Kunde sein Abo oder Konto kündigen möchte",
            "np": "Kündigungen",
            "ask": [
                "Ich möchte mein Abo bei {brand} kündigen.",
                "wie kündige ich? ziehe ins ausland und brauch das nicht mehr",
            ],
            "near": ["Wenn ich das Abo einen Monat pausiere, bleiben meine Daten erhalten?"],
        },
        "pt": {
            "cond": "o cliente quiser cancelar a assinatura ou a conta",
            "np": "solicitações de cancelamento",
            "ask": [
                "Quero cancelar minha assinatura da {brand}.",
                "como faço pra cancelar? vou me mudar e não vou usar mais",
            ],
            "near": ["Se eu pausar o plano por um mês, mantenho meus dados?"],
        },
    },
    "competitor_switch": {
        "problem": False,
        "en": {
            "cond": "the customer says they are leaving for a competitor or porting out",
            "np": "questions from customers switching to another provider",
            "ask": [
                "I'm switching to another provider next month, what do I need to do?",
                "Found a better deal elsewhere, so I'm leaving. How do I get my PAC code?",
            ],
            "near": ["A friend on another network says their plan is cheaper, is that true?"],
        },
        "es": {
            "cond": "el cliente dice que se va a la competencia o quiere portar su número",
            "np": "consultas de clientes que se van a otra compañía",
            "ask": [
                "Me voy a otra compañía el mes que viene, ¿qué tengo que hacer?",
                "he encontrado una oferta mejor en otro operador, me cambio",
            ],
            "near": ["Un amigo dice que su tarifa en otra compañía es más barata, ¿es verdad?"],
        },
        "fr": {
            "cond": "le client annonce qu'il part chez un concurrent",
            "np": "demandes de clients qui partent chez un concurrent",
            "ask": [
                "Je passe chez un autre opérateur le mois prochain, je dois faire quoi ?",
                "j'ai trouvé moins cher ailleurs donc je pars, il me faut mon RIO",
            ],
            "near": ["Un ami chez un autre opérateur paie moins cher, c'est normal ?"],
        },
        "de": {
            "cond": "der Kunde ankündigt, zu einem anderen Anbieter zu wechseln",
            "np": "Anfragen von Kunden, die zur Konkurrenz wechseln",
            "ask": [
                "Ich wechsle nächsten Monat zu einem anderen Anbieter, was muss ich tun?",
                "hab woanders ein besseres angebot, ich bin dann weg. wie nehme ich meine nummer mit?",
            ],
            "near": ["Ein Freund zahlt bei einem anderen Anbieter weniger, stimmt das?"],
        },
        "pt": {
            "cond": "o cliente disser que vai mudar para a concorrência",
            "np": "solicitações de clientes que vão para a concorrência",
            "ask": [
                "Vou mudar de operadora no mês que vem, o que preciso fazer?",
                "achei uma oferta melhor em outra operadora, vou sair",
            ],
            "near": ["Um amigo de outra operadora paga menos, isso é verdade?"],
        },
    },
    "invoice_copy": {
        "problem": False,
        "en": {
            "cond": "the customer asks for a copy of an invoice or receipt",
            "np": "invoice and receipt requests",
            "ask": [
                "Can you send me the invoice for last month? Need it for expenses.",
                "where do i download my receipts",
            ],
        },
        "es": {
            "cond": "el cliente pide una copia de una factura o recibo",
            "np": "peticiones de facturas y recibos",
            "ask": [
                "¿Me podéis enviar la factura del mes pasado? La necesito para gastos.",
                "donde descargo los recibos",
            ],
        },
        "fr": {
            "cond": "le client demande une copie de facture ou de reçu",
            "np": "demandes de factures",
            "ask": [
                "Vous pouvez m'envoyer la facture du mois dernier ? C'est pour ma note de frais.",
                "où je télécharge mes reçus ?",
            ],
        },
        "de": {
            "cond": "der Kunde eine Rechnungskopie oder Quittung haben möchte",
            "np": "Rechnungsanfragen",
            "ask": [
                "Könnt ihr mir die Rechnung vom letzten Monat schicken? Brauche sie für die Spesen.",
                "wo kann ich meine belege runterladen",
            ],
        },
        "pt": {
            "cond": "o cliente pedir a segunda via de uma fatura ou recibo",
            "np": "solicitações de segunda via de fatura",
            "ask": [
                "Podem me mandar a nota fiscal do mês passado? Preciso para reembolso da empresa.",
                "onde eu baixo os recibos?",
            ],
        },
    },
    "fees_info": {
        "problem": False,
        "en": {
            "cond": "the customer asks what our fees are or how to avoid them",
            "np": "fee questions",
            "ask": [
                "What's the fee for an international wire?",
                "why is there a monthly maintenance fee? how do I avoid it",
            ],
        },
        "es": {
            "cond": "el cliente pregunta cuáles son nuestras comisiones o cómo evitarlas",
            "np": "consultas sobre nuestras comisiones",
            "ask": [
                "¿Qué comisión tiene una transferencia internacional?",
                "por qué me cobráis mantenimiento? cómo lo evito",
            ],
        },
        "fr": {
            "cond": "le client demande quels sont nos frais ou comment les éviter",
            "np": "questions sur nos frais",
            "ask": [
                "Quels sont les frais pour un virement international ?",
                "pourquoi il y a des frais de tenue de compte ? comment les éviter",
            ],
        },
        "de": {
            "cond": "der Kunde fragt, welche Gebühren wir haben oder wie man sie vermeidet",
            "np": "Fragen zu unseren Gebühren",
            "ask": [
                "Was kostet eine Auslandsüberweisung?",
                "warum gibts eine kontoführungsgebühr und wie vermeide ich die",
            ],
        },
        "pt": {
            "cond": "o cliente perguntar quais são as nossas tarifas ou como evitá-las",
            "np": "dúvidas sobre as nossas tarifas",
            "ask": [
                "Qual é a tarifa de uma transferência internacional?",
                "por que tem tarifa de manutenção? como evito?",
            ],
        },
    },
    "roaming": {
        "problem": False,
        "en": {
            "cond": "the customer asks about roaming or using their plan abroad",
            "np": "roaming questions",
            "ask": [
                "Going to Lisbon next week, will my plan work there or do I need a travel pass?",
                "how much is data in the US on my plan?",
            ],
        },
        "es": {
            "cond": "el cliente pregunta por roaming o por usar su tarifa en el extranjero",
            "np": "consultas de roaming",
            "ask": [
                "Me voy a Londres la semana que viene, ¿funciona mi tarifa allí?",
                "cuanto cuesta usar datos en EEUU con mi plan",
            ],
        },
        "fr": {
            "cond": "le client pose une question sur l'itinérance ou l'utilisation de son forfait à l'étranger",
            "np": "questions sur le roaming",
            "ask": [
                "Je pars à Lisbonne la semaine prochaine, mon forfait marche là-bas ?",
                "combien coûte la data aux États-Unis avec mon forfait ?",
            ],
        },
        "de": {
            "cond": "der Kunde nach Roaming oder der Nutzung seines Tarifs im Ausland fragt",
            "np": "Roaming-Fragen",
            "ask": [
                "Ich fliege nächste Woche nach Lissabon, geht mein Tarif dort?",
                "was kosten daten in den USA mit meinem tarif",
            ],
        },
        "pt": {
            "cond": "o cliente perguntar sobre roaming ou usar o plano no exterior",
            "np": "dúvidas sobre roaming",
            "ask": [
                "Vou pra Lisboa semana que vem, meu plano funciona lá?",
                "quanto custa usar dados nos EUA no meu plano?",
            ],
        },
    },
    "port_in": {
        "problem": True,
        "en": {
            "cond": "a number transfer from another carrier has not completed after 3 business days",
            "np": "number transfer delays",
            "ask": [
                "I switched to you last Monday and my number STILL hasn't transferred. it's been 5 business days",
                "My port-in started a week ago and my old number still rings on the old SIM.",
            ],
            "near": ["I requested the number transfer yesterday, how long does it usually take?"],
        },
        "es": {
            "cond": "una portabilidad de número no se ha completado tras 3 días hábiles",
            "np": "incidencias de portabilidad retrasada",
            "ask": [
                "Pedí la portabilidad hace una semana y mi número sigue sin pasarse.",
                "llevo 5 días laborables esperando la portabilidad",
            ],
            "near": ["Pedí la portabilidad ayer, ¿cuánto suele tardar?"],
        },
        "fr": {
            "cond": "une portabilité de numéro n'est pas terminée après 3 jours ouvrés",
            "np": "demandes de portabilité en retard",
            "ask": [
                "J'ai demandé la portabilité il y a une semaine et mon numéro n'est toujours pas transféré.",
                "ça fait 5 jours ouvrés que j'attends la portabilité",
            ],
            "near": ["J'ai demandé la portabilité hier, ça prend combien de temps en général ?"],
        },
        "de": {
            "cond": "eine Rufnummernmitnahme nach 3 Werktagen noch nicht abgeschlossen ist",
            "np": "verzögerte Rufnummernmitnahmen",
            "ask": [
                "Die Rufnummernmitnahme läuft seit einer Woche und meine Nummer ist immer noch nicht da.",
                "seit 5 werktagen warte ich auf die portierung",
            ],
            "near": [
                "Ich habe gestern die Portierung beantragt, wie lange dauert das normalerweise?"
            ],
        },
        "pt": {
            "cond": "uma portabilidade de número não tiver sido concluída após 3 dias úteis",
            "np": "reclamações de portabilidade atrasada",
            "ask": [
                "Pedi a portabilidade faz uma semana e meu número ainda não passou.",
                "já são 5 dias úteis esperando a portabilidade",
            ],
            "near": ["Pedi a portabilidade ontem, quanto tempo costuma levar?"],
        },
    },
    "baggage_fees": {
        "problem": False,
        "en": {
            "cond": "the customer asks about checked or carry-on baggage fees",
            "np": "baggage fee questions",
            "ask": [
                "how much is it to check a bag on a domestic flight?",
                "What does a second checked bag cost on my booking {ref}?",
            ],
            "near": ["My checked bag didn't show up at the carousel in Denver, what do I do?"],
        },
        "es": {
            "cond": "el cliente pregunta por las tarifas de equipaje facturado o de mano",
            "np": "consultas sobre tarifas de equipaje",
            "ask": [
                "¿Cuánto cuesta facturar una maleta en un vuelo nacional?",
                "cuanto vale la segunda maleta en la reserva {ref}",
            ],
            "near": ["Mi maleta no ha salido por la cinta en Madrid, ¿qué hago?"],
        },
        "fr": {
            "cond": "le client demande le prix des bagages en soute ou en cabine",
            "np": "questions sur les frais de bagages",
            "ask": [
                "Combien coûte un bagage en soute sur un vol intérieur ?",
                "c'est combien la deuxième valise sur la réservation {ref} ?",
            ],
            "near": ["Ma valise n'est jamais arrivée sur le tapis à Nice, je fais quoi ?"],
        },
        "de": {
            "cond": "der Kunde nach Gebühren für Aufgabe- oder Handgepäck fragt",
            "np": "Fragen zu Gepäckgebühren",
            "ask": [
                "Was kostet ein aufgegebener Koffer auf einem Inlandsflug?",
                "was kostet der zweite koffer bei buchung {ref}",
            ],
            "near": ["Mein Koffer kam in München nicht aufs Band, was jetzt?"],
        },
        "pt": {
            "cond": "o cliente perguntar sobre tarifas de bagagem despachada ou de mão",
            "np": "dúvidas sobre tarifas de bagagem",
            "ask": [
                "Quanto custa despachar uma mala em voo nacional?",
                "qual o valor da segunda mala na reserva {ref}?",
            ],
            "near": ["Minha mala não apareceu na esteira em Guarulhos, o que eu faço?"],
        },
    },
    "stranded": {
        "problem": True,
        "en": {
            "cond": "we cancelled the flight and the customer is stuck at the airport right now",
            "np": "stranded passengers",
            "ask": [
                "my flight {ref} just got cancelled and I'm standing at the gate with two kids. what now??",
                "You cancelled my connection, I'm stuck at the airport right now with no hotel.",
            ],
            "near": ["My flight next Tuesday was cancelled, can I pick another date?"],
        },
        "es": {
            "cond": "hemos cancelado el vuelo y el cliente está ahora mismo atrapado en el aeropuerto",
            "np": "incidencias de pasajeros atrapados en el aeropuerto",
            "ask": [
                "Acaban de cancelar mi vuelo {ref} y estoy en la puerta de embarque con dos niños, ¿¿y ahora qué??",
                "me habéis cancelado la conexión y estoy tirado en el aeropuerto sin hotel",
            ],
            "near": ["Me cancelaron el vuelo del martes que viene, ¿puedo elegir otra fecha?"],
        },
        "fr": {
            "cond": "nous avons annulé le vol et le client est bloqué à l'aéroport en ce moment",
            "np": "situations de passagers bloqués à l'aéroport",
            "ask": [
                "Mon vol {ref} vient d'être annulé et je suis à la porte d'embarquement avec deux enfants, on fait quoi ??",
                "vous avez annulé ma correspondance, je suis coincé à l'aéroport sans hôtel",
            ],
            "near": ["Mon vol de mardi prochain a été annulé, je peux choisir une autre date ?"],
        },
        "de": {
            "cond": "wir den Flug gestrichen haben und der Kunde gerade am Flughafen festsitzt",
            "np": "gestrandete Passagiere",
            "ask": [
                "Mein Flug {ref} wurde gerade gestrichen, ich stehe mit zwei Kindern am Gate. Und jetzt??",
                "ihr habt meinen anschlussflug gecancelt, ich sitze am flughafen fest, kein hotel",
            ],
            "near": [
                "Mein Flug nächsten Dienstag wurde gestrichen, kann ich ein anderes Datum wählen?"
            ],
        },
        "pt": {
            "cond": "nós tivermos cancelado o voo e o cliente estiver preso no aeroporto agora",
            "np": "ocorrências de passageiros presos no aeroporto",
            "ask": [
                "Acabaram de cancelar meu voo {ref} e estou no portão com duas crianças, e agora??",
                "vocês cancelaram minha conexão, estou preso no aeroporto sem hotel",
            ],
            "near": ["Meu voo da próxima terça foi cancelado, posso escolher outra data?"],
        },
    },
    "lost_baggage": {
        "problem": True,
        "en": {
            "cond": "the customer's checked bag is lost or delayed",
            "np": "lost baggage reports",
            "ask": [
                "My checked bag didn't arrive, flight {ref}. It's been two days.",
                "luggage lost on my way to Denver, tag number 0016 443221",
            ],
            "near": ["What's the weight limit for checked bags?"],
        },
        "es": {
            "cond": "la maleta facturada del cliente se ha perdido o no ha llegado",
            "np": "incidencias de equipaje perdido",
            "ask": [
                "Mi maleta no llegó, vuelo {ref}. Ya van dos días.",
                "me habéis perdido la maleta en el vuelo a Bogotá",
            ],
            "near": ["¿Cuál es el peso máximo de la maleta facturada?"],
        },
        "fr": {
            "cond": "le bagage en soute du client est perdu ou retardé",
            "np": "déclarations de bagages perdus",
            "ask": [
                "Ma valise n'est pas arrivée, vol {ref}. Ça fait deux jours.",
                "vous avez perdu mon bagage sur le vol pour Montréal",
            ],
            "near": ["Quel est le poids maximum pour un bagage en soute ?"],
        },
        "de": {
            "cond": "das aufgegebene Gepäck des Kunden verloren oder verspätet ist",
            "np": "Meldungen über verlorenes Gepäck",
            "ask": [
                "Mein Koffer ist nicht angekommen, Flug {ref}. Schon zwei Tage.",
                "ihr habt meinen koffer auf dem flug nach wien verloren",
            ],
            "near": ["Wie schwer darf ein aufgegebener Koffer sein?"],
        },
        "pt": {
            "cond": "a bagagem despachada do cliente estiver extraviada ou atrasada",
            "np": "notificações de bagagem extraviada",
            "ask": [
                "Minha mala não chegou, voo {ref}. Já faz dois dias.",
                "extraviaram minha mala no voo pra Recife",
            ],
            "near": ["Qual o peso máximo da mala despachada?"],
        },
    },
    "accessibility": {
        "problem": False,
        "en": {
            "cond": "the customer asks about wheelchair, mobility or accessibility assistance",
            "np": "accessibility requests",
            "ask": [
                "My mother uses a wheelchair, can she get assistance on {ref}?",
                "do you have step-free access? I use a mobility scooter",
            ],
        },
        "es": {
            "cond": "el cliente pregunta por asistencia para silla de ruedas, movilidad o accesibilidad",
            "np": "solicitudes de asistencia por movilidad reducida",
            "ask": [
                "Mi madre va en silla de ruedas, ¿puede tener asistencia en {ref}?",
                "teneis acceso sin escalones? voy con scooter de movilidad",
            ],
        },
        "fr": {
            "cond": "le client demande une assistance fauteuil roulant, mobilité réduite ou accessibilité",
            "np": "demandes d'assistance PMR",
            "ask": [
                "Ma mère est en fauteuil roulant, elle peut avoir une assistance sur {ref} ?",
                "c'est accessible sans marches ? je me déplace en scooter",
            ],
        },
        "de": {
            "cond": "der Kunde nach Rollstuhl-, Mobilitäts- oder Barrierefreiheitshilfe fragt",
            "np": "Anfragen zu Mobilitätshilfe",
            "ask": [
                "Meine Mutter sitzt im Rollstuhl, kann sie bei {ref} Unterstützung bekommen?",
                "ist das barrierefrei? ich hab einen elektromobil",
            ],
        },
        "pt": {
            "cond": "o cliente pedir assistência para cadeira de rodas, mobilidade ou acessibilidade",
            "np": "solicitações de assistência de mobilidade",
            "ask": [
                "Minha mãe usa cadeira de rodas, ela pode ter assistência na {ref}?",
                "tem acesso sem degraus? uso scooter de mobilidade",
            ],
        },
    },
    "loyalty_points": {
        "problem": True,
        "en": {
            "cond": "the customer says loyalty points are missing from their account",
            "np": "missing points claims",
            "ask": [
                "I didn't get my points for stay {ref}, should be 4,200 points",
                "where are my miles from last week's flight? balance hasn't changed",
            ],
            "near": ["How many points do I need for a free night?"],
        },
        "es": {
            "cond": "el cliente dice que le faltan puntos de fidelidad en su cuenta",
            "np": "reclamaciones de puntos no abonados",
            "ask": [
                "No me han sumado los puntos de la reserva {ref}, deberían ser 4.200",
                "donde estan mis millas del vuelo de la semana pasada?",
            ],
            "near": ["¿Cuántos puntos necesito para una noche gratis?"],
        },
        "fr": {
            "cond": "le client signale des points de fidélité manquants",
            "np": "réclamations de points manquants",
            "ask": [
                "Je n'ai pas reçu mes points pour le séjour {ref}, ça devrait faire 4 200 points",
                "où sont passés mes miles du vol de la semaine dernière ?",
            ],
            "near": ["Il faut combien de points pour une nuit gratuite ?"],
        },
        "de": {
            "cond": "der Kunde meldet fehlende Treuepunkte",
            "np": "Reklamationen fehlender Punkte",
            "ask": [
                "Für den Aufenthalt {ref} fehlen mir die Punkte, sollten 4.200 sein",
                "wo sind meine meilen vom flug letzte woche?",
            ],
            "near": ["Wie viele Punkte brauche ich für eine Gratisnacht?"],
        },
        "pt": {
            "cond": "o cliente disser que faltam pontos de fidelidade na conta",
            "np": "reclamações de pontos não creditados",
            "ask": [
                "Não recebi os pontos da estadia {ref}, deveriam ser 4.200",
                "cadê as milhas do voo da semana passada?",
            ],
            "near": ["Quantos pontos preciso para uma diária grátis?"],
        },
    },
    "order_status": {
        "problem": True,
        "en": {
            "cond": "the customer asks about a specific order that is late or hasn't arrived",
            "np": "late order questions",
            "ask": [
                "where is my order {ref}? it was supposed to arrive on Monday",
                "Order {ref} still says 'processing' after 10 days. What's going on?",
            ],
            "near": ["How long does standard shipping usually take to Ohio?"],
        },
        "es": {
            "cond": "el cliente pregunta por un pedido concreto que llega tarde o no ha llegado",
            "np": "consultas sobre pedidos retrasados",
            "ask": [
                "¿Dónde está mi pedido {ref}? Tenía que llegar el lunes.",
                "el pedido {ref} lleva 10 días en 'procesando', que pasa?",
            ],
            "near": ["¿Cuánto suele tardar el envío estándar a Valencia?"],
        },
        "fr": {
            "cond": "le client demande où en est une commande précise qui est en retard ou pas arrivée",
            "np": "questions sur les commandes en retard",
            "ask": [
                "Où est ma commande {ref} ? Elle devait arriver lundi.",
                "la commande {ref} est toujours 'en préparation' après 10 jours, il se passe quoi ?",
            ],
            "near": ["La livraison standard prend combien de temps pour Lyon ?"],
        },
        "de": {
            "cond": "der Kunde nach einer bestimmten Bestellung fragt, die verspätet oder nicht angekommen ist",
            "np": "Fragen zu verspäteten Bestellungen",
            "ask": [
                "Wo ist meine Bestellung {ref}? Sollte am Montag kommen.",
                "bestellung {ref} steht seit 10 tagen auf 'in bearbeitung', was ist da los?",
            ],
            "near": ["Wie lange dauert der Standardversand nach Köln normalerweise?"],
        },
        "pt": {
            "cond": "o cliente perguntar sobre um pedido específico atrasado ou que não chegou",
            "np": "dúvidas sobre pedidos atrasados",
            "ask": [
                "Cadê meu pedido {ref}? Era pra chegar segunda.",
                "o pedido {ref} está 'em processamento' há 10 dias, o que houve?",
            ],
            "near": ["Quanto tempo leva o frete padrão pra Curitiba?"],
        },
    },
    "damaged_item": {
        "problem": True,
        "en": {
            "cond": "the customer received a damaged or defective item",
            "np": "damaged item reports",
            "ask": [
                "Order {ref} arrived damaged, there's a big crack down the side.",
                "box was fine but the thing inside is broken, one leg snapped off",
            ],
            "near": ["Does the warranty cover accidental damage if I drop something myself?"],
        },
        "es": {
            "cond": "el cliente ha recibido un artículo dañado o defectuoso",
            "np": "incidencias de artículos dañados",
            "ask": [
                "El pedido {ref} llegó dañado, tiene una grieta enorme en un lateral.",
                "la caja bien pero lo de dentro roto, se ha partido una pata",
            ],
            "near": ["¿La garantía cubre los golpes si se me cae a mí?"],
        },
        "fr": {
            "cond": "le client a reçu un article endommagé ou défectueux",
            "np": "déclarations d'articles endommagés",
            "ask": [
                "La commande {ref} est arrivée abîmée, il y a une grosse fissure sur le côté.",
                "le carton était nickel mais dedans c'est cassé, un pied est arraché",
            ],
            "near": ["La garantie couvre la casse si je fais tomber l'article moi-même ?"],
        },
        "de": {
            "cond": "der Kunde einen beschädigten oder defekten Artikel erhalten hat",
            "np": "Meldungen beschädigter Artikel",
            "ask": [
                "Bestellung {ref} kam beschädigt an, an der Seite ist ein großer Riss.",
                "karton war ok aber das teil drin ist kaputt, ein bein abgebrochen",
            ],
            "near": ["Zahlt die Garantie, wenn mir der Artikel selbst runterfällt?"],
        },
        "pt": {
            "cond": "o cliente receber um produto danificado ou com defeito",
            "np": "notificações de produtos danificados",
            "ask": [
                "O pedido {ref} chegou danificado, tem uma rachadura enorme na lateral.",
                "a caixa tava ok mas o produto veio quebrado, uma perna soltou",
            ],
            "near": ["A garantia cobre se eu mesmo deixar o produto cair?"],
        },
    },
    "promo_code": {
        "problem": False,
        "en": {
            "cond": "a promo code or discount didn't apply",
            "np": "promo code questions",
            "ask": [
                "the code SPRING20 isn't working at checkout",
                "My discount code says expired but the email said it's valid till Sunday?",
            ],
        },
        "es": {
            "cond": "un código promocional o descuento no se ha aplicado",
            "np": "consultas sobre códigos promocionales",
            "ask": [
                "el código PRIMAVERA20 no funciona al pagar",
                "Mi código de descuento dice caducado pero el email decía hasta el domingo",
            ],
        },
        "fr": {
            "cond": "un code promo ou une réduction n'a pas été appliqué",
            "np": "questions sur les codes promo",
            "ask": [
                "le code PRINTEMPS20 marche pas au paiement",
                "Mon code promo est indiqué expiré alors que le mail disait valable jusqu'à dimanche ?",
            ],
        },
        "de": {
            "cond": "ein Gutscheincode oder Rabatt nicht angewendet wurde",
            "np": "Fragen zu Gutscheincodes",
            "ask": [
                "der code FRUEHLING20 geht an der kasse nicht",
                "Mein Rabattcode ist angeblich abgelaufen, laut Mail gilt er bis Sonntag?",
            ],
        },
        "pt": {
            "cond": "um cupom ou desconto não for aplicado",
            "np": "dúvidas sobre cupons",
            "ask": [
                "o cupom PRIMAVERA20 não funciona no checkout",
                "Meu cupom diz expirado mas o email dizia que valia até domingo?",
            ],
        },
    },
    "address_change": {
        "problem": False,
        "en": {
            "cond": "the customer wants to change a delivery address or redeliver",
            "np": "address change and redelivery requests",
            "ask": [
                "Can I change the delivery address for {ref}? I'll be at work.",
                "missed the delivery, can you bring it again tomorrow?",
            ],
        },
        "es": {
            "cond": "el cliente quiere cambiar la dirección de entrega o una nueva entrega",
            "np": "solicitudes de cambio de dirección",
            "ask": [
                "¿Puedo cambiar la dirección de entrega de {ref}? Estaré en el trabajo.",
                "no estaba en casa, me lo podéis traer mañana otra vez?",
            ],
        },
        "fr": {
            "cond": "le client veut changer l'adresse de livraison ou une nouvelle livraison",
            "np": "demandes de changement d'adresse",
            "ask": [
                "Je peux changer l'adresse de livraison de {ref} ? Je serai au boulot.",
                "j'ai raté le livreur, vous pouvez repasser demain ?",
            ],
        },
        "de": {
            "cond": "der Kunde die Lieferadresse ändern oder eine neue Zustellung möchte",
            "np": "Adressänderungen",
            "ask": [
                "Kann ich die Lieferadresse für {ref} ändern? Ich bin bei der Arbeit.",
                "hab den boten verpasst, könnt ihr morgen nochmal kommen?",
            ],
        },
        "pt": {
            "cond": "o cliente quiser mudar o endereço de entrega ou reagendar a entrega",
            "np": "solicitações de mudança de endereço",
            "ask": [
                "Posso mudar o endereço de entrega do {ref}? Vou estar no trabalho.",
                "perdi a entrega, dá pra trazer de novo amanhã?",
            ],
        },
    },
    "shipping_rates": {
        "problem": False,
        "en": {
            "cond": "the customer asks about shipping rates",
            "np": "shipping rate questions",
            "ask": [
                "How much does it cost to ship a 5kg box to Canada?",
                "whats the cheapest shipping option",
            ],
        },
        "es": {
            "cond": "el cliente pregunta por tarifas de envío",
            "np": "consultas sobre tarifas de envío",
            "ask": [
                "¿Cuánto cuesta enviar una caja de 5 kg a Francia?",
                "cual es el envio mas barato",
            ],
        },
        "fr": {
            "cond": "le client demande les tarifs d'envoi",
            "np": "questions sur les tarifs d'envoi",
            "ask": [
                "Combien coûte l'envoi d'un colis de 5 kg en Belgique ?",
                "c'est quoi l'envoi le moins cher",
            ],
        },
        "de": {
            "cond": "der Kunde nach Versandkosten fragt",
            "np": "Fragen zu Versandkosten",
            "ask": [
                "Was kostet ein 5-kg-Paket nach Österreich?",
                "was ist die billigste versandart",
            ],
        },
        "pt": {
            "cond": "o cliente perguntar sobre valores de frete",
            "np": "dúvidas sobre frete",
            "ask": [
                "Quanto custa mandar uma caixa de 5 kg pra Portugal?",
                "qual o frete mais barato",
            ],
        },
    },
    "reschedule": {
        "problem": False,
        "en": {
            "cond": "the customer wants to reschedule or cancel a booking more than 24 hours ahead",
            "np": "reschedules made more than 24 hours ahead",
            "ask": [
                "Can I move my appointment from Thursday to next week? Any morning works.",
                "need to push booking {ref} to the 20th, is that possible?",
            ],
            "near": [
                "my appointment is in 2 hours and I'm stuck in traffic, can I come later today?"
            ],
        },
        "es": {
            "cond": "el cliente quiere cambiar o cancelar una reserva con más de 24 horas de antelación",
            "np": "solicitudes de cambio de cita con más de 24 horas de antelación",
            "ask": [
                "¿Puedo pasar mi cita del jueves a la semana que viene? Cualquier mañana me vale.",
                "necesito mover la reserva {ref} al día 20",
            ],
            "near": ["mi cita es en 2 horas y estoy en un atasco, puedo ir más tarde hoy?"],
        },
        "fr": {
            "cond": "le client veut déplacer ou annuler un rendez-vous plus de 24 heures à l'avance",
            "np": "modifications de rendez-vous à plus de 24 heures",
            "ask": [
                "Je peux décaler mon rendez-vous de jeudi à la semaine prochaine ? N'importe quel matin.",
                "il faudrait repousser la réservation {ref} au 20",
            ],
            "near": [
                "mon rdv est dans 2h et je suis dans les bouchons, je peux venir plus tard aujourd'hui ?"
            ],
        },
        "de": {
            "cond": "der Kunde einen Termin mehr als 24 Stunden vorher verschieben oder absagen möchte",
            "np": "Terminänderungen mehr als 24 Stunden vorher",
            "ask": [
                "Kann ich meinen Termin von Donnerstag auf nächste Woche verschieben? Vormittags passt immer.",
                "buchung {ref} bitte auf den 20. verschieben",
            ],
            "near": [
                "mein termin ist in 2 stunden und ich steh im stau, kann ich später heute kommen?"
            ],
        },
        "pt": {
            "cond": "o cliente quiser remarcar ou cancelar uma reserva com mais de 24 horas de antecedência",
            "np": "remarcações com mais de 24 horas de antecedência",
            "ask": [
                "Posso passar minha consulta de quinta pra semana que vem? Qualquer manhã serve.",
                "preciso mudar a reserva {ref} pro dia 20",
            ],
            "near": [
                "minha consulta é daqui a 2 horas e estou no trânsito, posso ir mais tarde hoje?"
            ],
        },
    },
    "test_results": {
        "problem": False,
        "en": {
            "cond": "the patient asks what their lab or test results mean",
            "np": "questions about test results",
            "ask": [
                "My blood test results are in the portal, what does a ferritin of 12 mean?",
                "Can someone explain my cholesterol numbers from last week?",
            ],
            "near": ["When will my blood test results be ready?"],
        },
        "es": {
            "cond": "el paciente pregunta qué significan sus resultados de análisis",
            "np": "consultas sobre resultados de análisis",
            "ask": [
                "Tengo los análisis en el portal, ¿qué significa ferritina 12?",
                "me explicáis los valores de colesterol de la semana pasada?",
            ],
            "near": ["¿Cuándo estarán listos mis análisis?"],
        },
        "fr": {
            "cond": "le patient demande ce que signifient ses résultats d'analyses",
            "np": "questions sur les résultats d'analyses",
            "ask": [
                "Mes résultats de prise de sang sont sur le portail, ferritine à 12 ça veut dire quoi ?",
                "vous pouvez m'expliquer mon taux de cholestérol ?",
            ],
            "near": ["Quand est-ce que mes résultats seront prêts ?"],
        },
        "de": {
            "cond": "der Patient fragt, was seine Laborwerte bedeuten",
            "np": "Fragen zu Laborergebnissen",
            "ask": [
                "Meine Blutwerte sind im Portal, was bedeutet Ferritin 12?",
                "kann mir jemand meine cholesterinwerte erklären?",
            ],
            "near": ["Wann sind meine Blutwerte fertig?"],
        },
        "pt": {
            "cond": "o paciente perguntar o que significam os resultados dos exames",
            "np": "dúvidas sobre resultados de exames",
            "ask": [
                "Meu exame de sangue saiu no portal, o que significa ferritina 12?",
                "alguém explica meus valores de colesterol?",
            ],
            "near": ["Quando fica pronto o resultado do meu exame?"],
        },
    },
    "prescription_refill": {
        "problem": False,
        "en": {
            "cond": "the customer asks to refill a prescription",
            "np": "prescription refill requests",
            "ask": [
                "I need a refill of my lisinopril, I have 3 pills left",
                "can you renew my inhaler prescription?",
            ],
        },
        "es": {
            "cond": "el cliente pide renovar una receta",
            "np": "peticiones de renovación de recetas",
            "ask": [
                "Necesito renovar la receta del enalapril, me quedan 3 pastillas",
                "me podéis renovar la receta del inhalador?",
            ],
        },
        "fr": {
            "cond": "le client demande le renouvellement d'une ordonnance",
            "np": "demandes de renouvellement d'ordonnance",
            "ask": [
                "Il me faut un renouvellement pour mon traitement, il me reste 3 comprimés",
                "vous pouvez renouveler l'ordonnance de mon inhalateur ?",
            ],
        },
        "de": {
            "cond": "der Kunde ein Folgerezept braucht",
            "np": "Folgerezept-Anfragen",
            "ask": [
                "Ich brauche ein Folgerezept für meinen Blutdrucksenker, habe noch 3 Tabletten",
                "könnt ihr mein rezept fürs spray verlängern?",
            ],
        },
        "pt": {
            "cond": "o cliente pedir a renovação de uma receita",
            "np": "solicitações de renovação de receita",
            "ask": [
                "Preciso renovar a receita do losartana, só tenho 3 comprimidos",
                "dá pra renovar a receita da minha bombinha?",
            ],
        },
    },
    "insurance_coverage": {
        "problem": False,
        "en": {
            "cond": "the customer asks which insurance we accept or what it covers",
            "np": "general insurance coverage questions",
            "ask": ["Do you take Blue Cross?", "is a crown covered by my dental insurance?"],
        },
        "es": {
            "cond": "el cliente pregunta qué seguros aceptamos o qué cubren",
            "np": "consultas generales sobre seguros",
            "ask": ["¿Trabajáis con Sanitas?", "la corona me la cubre el seguro dental?"],
        },
        "fr": {
            "cond": "le client demande quelles mutuelles nous acceptons ou ce qu'elles couvrent",
            "np": "questions générales sur les mutuelles",
            "ask": ["Vous acceptez la MGEN ?", "une couronne c'est remboursé par ma mutuelle ?"],
        },
        "de": {
            "cond": "der Kunde fragt, welche Versicherungen wir akzeptieren oder was sie abdecken",
            "np": "allgemeine Versicherungsfragen",
            "ask": [
                "Nehmt ihr auch Privatpatienten der Allianz?",
                "zahlt meine zahnzusatz die krone?",
            ],
        },
        "pt": {
            "cond": "o cliente perguntar quais convênios aceitamos ou o que cobrem",
            "np": "dúvidas gerais sobre convênios",
            "ask": ["Vocês aceitam Amil?", "coroa dentária o convênio cobre?"],
        },
    },
    "new_quote": {
        "problem": False,
        "en": {
            "cond": "the customer wants a quote for a new policy",
            "np": "new policy quotes",
            "ask": [
                "I just bought a house and need a home insurance quote",
                "how much would it be to insure a 2019 Civic for my son?",
            ],
        },
        "es": {
            "cond": "el cliente quiere un presupuesto para una póliza nueva",
            "np": "peticiones de presupuesto para pólizas nuevas",
            "ask": [
                "Acabo de comprar un piso y quiero presupuesto del seguro de hogar",
                "cuanto costaria asegurar un Golf de 2019 para mi hijo?",
            ],
        },
        "fr": {
            "cond": "le client veut un devis pour un nouveau contrat",
            "np": "demandes de devis",
            "ask": [
                "Je viens d'acheter une maison, il me faudrait un devis d'assurance habitation",
                "ça coûterait combien d'assurer une Clio de 2019 pour mon fils ?",
            ],
        },
        "de": {
            "cond": "der Kunde ein Angebot für eine neue Police möchte",
            "np": "Angebotsanfragen für neue Policen",
            "ask": [
                "Ich habe gerade eine Wohnung gekauft und brauche ein Angebot für die Hausrat.",
                "was würde ein golf baujahr 2019 für meinen sohn kosten?",
            ],
        },
        "pt": {
            "cond": "o cliente quiser uma cotação de uma apólice nova",
            "np": "solicitações de cotação",
            "ask": [
                "Acabei de comprar um apartamento e quero cotar o seguro residencial",
                "quanto sai o seguro de um Onix 2019 pro meu filho?",
            ],
        },
    },
    "ban_appeal": {
        "problem": True,
        "en": {
            "cond": "the player wants to appeal a ban or suspension",
            "np": "ban appeals",
            "ask": [
                "my account got banned for 'cheating' and I literally never cheated. appeal?",
                "I was suspended for 14 days, I want to appeal this",
            ],
            "near": ["what gets you banned in ranked? asking so I don't mess up"],
        },
        "es": {
            "cond": "el jugador quiere recurrir un baneo o suspensión",
            "np": "apelaciones de baneo",
            "ask": [
                "me han baneado por 'trampas' y nunca he hecho trampas, quiero recurrir",
                "me suspendieron 14 días, quiero apelar",
            ],
            "near": ["por que cosas te banean en ranked? para no liarla"],
        },
        "fr": {
            "cond": "le joueur veut contester un bannissement ou une suspension",
            "np": "contestations de bannissement",
            "ask": [
                "mon compte a été banni pour 'triche' alors que j'ai jamais triché, je conteste",
                "J'ai été suspendu 14 jours, je veux faire appel",
            ],
            "near": [
                "on peut se faire bannir pour quoi en classé ? histoire de pas faire d'erreur"
            ],
        },
        "de": {
            "cond": "der Spieler einen Bann oder eine Sperre anfechten will",
            "np": "Einsprüche gegen Sperren",
            "ask": [
                "mein account wurde wegen 'cheating' gebannt, ich hab nie gecheatet. einspruch!",
                "Ich wurde 14 Tage gesperrt und möchte Einspruch einlegen",
            ],
            "near": ["wofür wird man in ranked gebannt? will nix falsch machen"],
        },
        "pt": {
            "cond": "o jogador quiser recorrer de um banimento ou suspensão",
            "np": "contestações de banimento",
            "ask": [
                "minha conta foi banida por 'trapaça' e eu nunca trapaceei, quero recorrer",
                "Fui suspenso por 14 dias, quero contestar",
            ],
            "near": ["o que dá ban no ranqueado? pra eu não vacilar"],
        },
    },
    "cheating_report": {
        "problem": False,
        "en": {
            "cond": "the player wants to report another player for cheating",
            "np": "cheater reports",
            "ask": [
                "there's a guy in my lobby clearly using an aimbot, how do I report him",
                "want to report a cheater, name is xX_Sn1p3r_Xx",
            ],
        },
        "es": {
            "cond": "el jugador quiere denunciar a otro por hacer trampas",
            "np": "denuncias de tramposos",
            "ask": [
                "hay uno en mi partida con aimbot clarisimo, como lo reporto",
                "quiero denunciar a un tramposo, se llama xX_Sn1p3r_Xx",
            ],
        },
        "fr": {
            "cond": "le joueur veut signaler un autre joueur pour triche",
            "np": "dénonciations de tricheurs",
            "ask": [
                "y a un mec dans mon lobby avec un aimbot, comment je le signale",
                "je veux signaler un tricheur, pseudo xX_Sn1p3r_Xx",
            ],
        },
        "de": {
            "cond": "der Spieler einen anderen Spieler wegen Cheatens melden will",
            "np": "Cheater-Meldungen",
            "ask": [
                "in meiner lobby ist einer mit aimbot, wie melde ich den",
                "will einen cheater melden, name xX_Sn1p3r_Xx",
            ],
        },
        "pt": {
            "cond": "o jogador quiser denunciar outro por trapaça",
            "np": "denúncias de trapaceiros",
            "ask": [
                "tem um cara no meu lobby usando aimbot, como denuncio",
                "quero denunciar um hacker, nick xX_Sn1p3r_Xx",
            ],
        },
    },
    "payment_plan": {
        "problem": True,
        "en": {
            "cond": "the customer says they can't pay their bill and asks for a payment plan",
            "np": "payment plan requests",
            "ask": [
                "I lost my job and can't pay this month's bill in full. Can I pay in installments?",
                "is there any way to split the bill? things are tight right now",
            ],
            "near": ["When is my bill due this month?"],
        },
        "es": {
            "cond": "el cliente dice que no puede pagar la factura y pide fraccionarla",
            "np": "solicitudes de fraccionamiento de pago",
            "ask": [
                "Me he quedado sin trabajo y no puedo pagar la factura entera este mes, ¿puedo pagar a plazos?",
                "se puede fraccionar el recibo? ando justo este mes",
            ],
            "near": ["¿Cuándo vence mi factura este mes?"],
        },
        "fr": {
            "cond": "le client dit ne pas pouvoir payer sa facture et demande un échéancier",
            "np": "demandes d'échéancier",
            "ask": [
                "J'ai perdu mon emploi et je ne peux pas payer toute la facture ce mois-ci. Je peux payer en plusieurs fois ?",
                "c'est possible d'étaler la facture ? c'est serré en ce moment",
            ],
            "near": ["C'est quand la date limite de ma facture ce mois-ci ?"],
        },
        "de": {
            "cond": "der Kunde seine Rechnung nicht zahlen kann und nach Ratenzahlung fragt",
            "np": "Anfragen nach Ratenzahlung",
            "ask": [
                "Ich habe meinen Job verloren und kann die Rechnung diesen Monat nicht komplett zahlen. Geht Ratenzahlung?",
                "kann man die rechnung aufteilen? ist grad knapp",
            ],
            "near": ["Wann ist meine Rechnung diesen Monat fällig?"],
        },
        "pt": {
            "cond": "o cliente disser que não consegue pagar a conta e pedir parcelamento",
            "np": "solicitações de parcelamento",
            "ask": [
                "Perdi o emprego e não consigo pagar a conta inteira este mês. Dá pra parcelar?",
                "tem como dividir a fatura? tá apertado",
            ],
            "near": ["Quando vence minha conta este mês?"],
        },
    },
    "disconnection_notice": {
        "problem": True,
        "en": {
            "cond": "the customer has received a disconnection or shut-off notice",
            "np": "disconnection notices",
            "ask": [
                "I got a shut-off notice saying my power will be cut on Friday!",
                "received a disconnection letter for account {ref}, what do I do",
            ],
            "near": ["What happens if I pay my bill a few days late?"],
        },
        "es": {
            "cond": "el cliente ha recibido un aviso de corte de suministro",
            "np": "consultas por avisos de corte",
            "ask": [
                "¡Me ha llegado un aviso de corte de luz para el viernes!",
                "recibi una carta de corte de suministro para el contrato {ref}",
            ],
            "near": ["¿Qué pasa si pago la factura unos días tarde?"],
        },
        "fr": {
            "cond": "le client a reçu un avis de coupure",
            "np": "questions liées à un avis de coupure",
            "ask": [
                "J'ai reçu un avis de coupure d'électricité pour vendredi !",
                "courrier de coupure reçu pour le contrat {ref}, je fais quoi",
            ],
            "near": ["Il se passe quoi si je paie ma facture avec quelques jours de retard ?"],
        },
        "de": {
            "cond": "der Kunde eine Sperrandrohung erhalten hat",
            "np": "Sperrandrohungen",
            "ask": [
                "Ich habe eine Sperrandrohung bekommen, am Freitag wird der Strom abgestellt!",
                "brief mit sperrankündigung für vertrag {ref} bekommen, was tun",
            ],
            "near": ["Was passiert, wenn ich die Rechnung ein paar Tage zu spät zahle?"],
        },
        "pt": {
            "cond": "o cliente tiver recebido um aviso de corte",
            "np": "ocorrências de aviso de corte",
            "ask": [
                "Recebi um aviso de corte de luz pra sexta!",
                "chegou uma carta de corte pro contrato {ref}, o que eu faço",
            ],
            "near": ["O que acontece se eu pagar a conta uns dias atrasada?"],
        },
    },
    "meter_reading": {
        "problem": False,
        "en": {
            "cond": "the customer wants to submit a meter reading",
            "np": "meter reading submissions",
            "ask": [
                "I want to give you my meter reading, it's 04512",
                "how do i submit a meter reading?",
            ],
        },
        "es": {
            "cond": "el cliente quiere enviar una lectura del contador",
            "np": "lecturas de contador",
            "ask": [
                "Quiero dar la lectura del contador, es 04512",
                "como envío la lectura del contador?",
            ],
        },
        "fr": {
            "cond": "le client veut transmettre un relevé de compteur",
            "np": "transmissions de relevé de compteur",
            "ask": [
                "Je voudrais transmettre mon relevé de compteur : 04512",
                "comment on envoie l'index du compteur ?",
            ],
        },
        "de": {
            "cond": "der Kunde einen Zählerstand melden möchte",
            "np": "Zählerstandsmeldungen",
            "ask": [
                "Ich möchte meinen Zählerstand durchgeben: 04512",
                "wie melde ich den zählerstand?",
            ],
        },
        "pt": {
            "cond": "o cliente quiser informar a leitura do medidor",
            "np": "leituras do medidor",
            "ask": [
                "Quero informar a leitura do medidor: 04512",
                "como envio a leitura do relógio?",
            ],
        },
    },
    "complaint_staff": {
        "problem": True,
        "en": {
            "cond": "the customer complains about the conduct of a driver, courier or staff member",
            "np": "complaints about staff conduct",
            "ask": [
                "your driver threw my parcel over the fence and drove off laughing",
                "The technician who came today was incredibly rude to my wife.",
            ],
            "near": ["Can I leave a tip for the courier in the app?"],
        },
        "es": {
            "cond": "el cliente se queja del comportamiento de un repartidor, conductor o empleado",
            "np": "quejas sobre el trato del personal",
            "ask": [
                "vuestro repartidor tiró el paquete por encima de la valla y se fue riéndose",
                "El técnico que vino hoy fue muy maleducado con mi mujer.",
            ],
            "near": ["¿Puedo dejar propina al repartidor en la app?"],
        },
        "fr": {
            "cond": "le client se plaint du comportement d'un livreur, chauffeur ou employé",
            "np": "plaintes sur le comportement du personnel",
            "ask": [
                "votre livreur a balancé mon colis par-dessus le portail et il est parti en rigolant",
                "Le technicien venu aujourd'hui a été extrêmement grossier avec ma femme.",
            ],
            "near": ["Je peux laisser un pourboire au livreur dans l'appli ?"],
        },
        "de": {
            "cond": "der Kunde sich über das Verhalten eines Fahrers, Boten oder Mitarbeiters beschwert",
            "np": "Beschwerden über Mitarbeiter",
            "ask": [
                "euer fahrer hat mein paket über den zaun geworfen und ist lachend weggefahren",
                "Der Techniker heute war unglaublich unhöflich zu meiner Frau.",
            ],
            "near": ["Kann ich dem Boten in der App Trinkgeld geben?"],
        },
        "pt": {
            "cond": "o cliente reclamar da conduta de um entregador, motorista ou funcionário",
            "np": "reclamações sobre a conduta de funcionários",
            "ask": [
                "o entregador jogou meu pacote por cima do muro e foi embora rindo",
                "O técnico que veio hoje foi extremamente grosseiro com a minha esposa.",
            ],
            "near": ["Dá pra deixar gorjeta pro entregador no app?"],
        },
    },
    "withdrawal_delay": {
        "problem": True,
        "en": {
            "cond": "a withdrawal has been pending for more than 48 hours",
            "np": "delayed withdrawals",
            "ask": [
                "my withdrawal has been pending for 4 days now, tx {ref}",
                "Withdrew to my bank on Monday, it's Friday and still 'processing'.",
            ],
            "near": ["How long do withdrawals normally take to reach a bank account?"],
        },
        "es": {
            "cond": "un retiro lleva pendiente más de 48 horas",
            "np": "incidencias de retiros retrasados",
            "ask": [
                "mi retiro lleva 4 días pendiente, tx {ref}",
                "Retiré al banco el lunes y es viernes y sigue 'procesando'.",
            ],
            "near": ["¿Cuánto tarda normalmente un retiro en llegar al banco?"],
        },
        "fr": {
            "cond": "un retrait est en attente depuis plus de 48 heures",
            "np": "réclamations sur des retraits en attente",
            "ask": [
                "mon retrait est en attente depuis 4 jours, tx {ref}",
                "J'ai retiré vers ma banque lundi, on est vendredi et c'est toujours 'en cours'.",
            ],
            "near": ["Un retrait met combien de temps en général pour arriver sur le compte ?"],
        },
        "de": {
            "cond": "eine Auszahlung seit mehr als 48 Stunden aussteht",
            "np": "verzögerte Auszahlungen",
            "ask": [
                "meine auszahlung hängt seit 4 tagen, tx {ref}",
                "Montag auf mein Konto ausgezahlt, jetzt ist Freitag und immer noch 'in Bearbeitung'.",
            ],
            "near": ["Wie lange dauert eine Auszahlung aufs Bankkonto normalerweise?"],
        },
        "pt": {
            "cond": "um saque estiver pendente há mais de 48 horas",
            "np": "reclamações de saques atrasados",
            "ask": [
                "meu saque está pendente há 4 dias, tx {ref}",
                "Saquei pro banco na segunda, já é sexta e continua 'processando'.",
            ],
            "near": ["Quanto tempo um saque costuma levar pra cair na conta?"],
        },
    },
    "seller_payout": {
        "problem": True,
        "en": {
            "cond": "a seller says their payout is missing or late",
            "np": "missing payout reports",
            "ask": [
                "As a seller, my payout for last week never arrived. Shop id {ref}.",
                "where's my payout?? sold 14 items and got nothing",
            ],
            "near": ["What day of the week are seller payouts sent?"],
        },
        "es": {
            "cond": "un vendedor dice que no le ha llegado un pago o llega tarde",
            "np": "reclamaciones de pagos a vendedores",
            "ask": [
                "Soy vendedor y el pago de la semana pasada no me ha llegado. Tienda {ref}.",
                "donde esta mi pago?? vendí 14 cosas y nada",
            ],
            "near": ["¿Qué día de la semana se hacen los pagos a vendedores?"],
        },
        "fr": {
            "cond": "un vendeur signale un versement manquant ou en retard",
            "np": "réclamations de versements vendeurs",
            "ask": [
                "Je suis vendeur et mon versement de la semaine dernière n'est jamais arrivé. Boutique {ref}.",
                "il est où mon virement ?? 14 ventes et rien reçu",
            ],
            "near": ["Les versements vendeurs partent quel jour de la semaine ?"],
        },
        "de": {
            "cond": "ein Verkäufer meldet, dass seine Auszahlung fehlt oder zu spät ist",
            "np": "Meldungen fehlender Verkäuferauszahlungen",
            "ask": [
                "Als Verkäufer habe ich meine Auszahlung von letzter Woche nie bekommen. Shop {ref}.",
                "wo bleibt meine auszahlung?? 14 sachen verkauft und nix",
            ],
            "near": ["An welchem Wochentag werden Auszahlungen verschickt?"],
        },
        "pt": {
            "cond": "um vendedor disser que o repasse não chegou ou está atrasado",
            "np": "reclamações de repasses a vendedores",
            "ask": [
                "Sou vendedor e o repasse da semana passada não caiu. Loja {ref}.",
                "cadê meu repasse?? vendi 14 itens e nada",
            ],
            "near": ["Em que dia da semana caem os repasses?"],
        },
    },
    "event_cancelled": {
        "problem": True,
        "en": {
            "cond": "the customer's event was cancelled or postponed by the organiser",
            "np": "questions about cancelled or postponed events",
            "ask": [
                "The concert on the 12th got cancelled, what happens to my tickets {ref}?",
                "my show got postponed and I can't make the new date",
            ],
            "near": ["Can I transfer my ticket to a friend?"],
        },
        "es": {
            "cond": "el evento del cliente ha sido cancelado o aplazado por el organizador",
            "np": "consultas sobre eventos cancelados o aplazados",
            "ask": [
                "Han cancelado el concierto del día 12, ¿qué pasa con mis entradas {ref}?",
                "aplazaron el show y no puedo ir en la nueva fecha",
            ],
            "near": ["¿Puedo pasarle mi entrada a un amigo?"],
        },
        "fr": {
            "cond": "l'événement du client a été annulé ou reporté par l'organisateur",
            "np": "questions sur les événements annulés ou reportés",
            "ask": [
                "Le concert du 12 est annulé, il se passe quoi pour mes billets {ref} ?",
                "le spectacle est reporté et je peux pas à la nouvelle date",
            ],
            "near": ["Je peux transférer mon billet à un ami ?"],
        },
        "de": {
            "cond": "die Veranstaltung des Kunden vom Veranstalter abgesagt oder verschoben wurde",
            "np": "Fragen zu abgesagten oder verschobenen Veranstaltungen",
            "ask": [
                "Das Konzert am 12. wurde abgesagt, was passiert mit meinen Tickets {ref}?",
                "die show wurde verschoben und ich kann am neuen termin nicht",
            ],
            "near": ["Kann ich mein Ticket an einen Freund übertragen?"],
        },
        "pt": {
            "cond": "o evento do cliente for cancelado ou adiado pelo organizador",
            "np": "dúvidas sobre eventos cancelados ou adiados",
            "ask": [
                "Cancelaram o show do dia 12, o que acontece com meus ingressos {ref}?",
                "adiaram o show e não consigo ir na nova data",
            ],
            "near": ["Posso transferir meu ingresso pra um amigo?"],
        },
    },
    "membership_freeze": {
        "problem": False,
        "en": {
            "cond": "the member asks to freeze or pause their membership",
            "np": "membership freeze requests",
            "ask": [
                "I broke my ankle, can I freeze my membership for 2 months?",
                "want to pause my membership while I'm travelling in July",
            ],
        },
        "es": {
            "cond": "el socio pide congelar o pausar su cuota",
            "np": "solicitudes de congelación de cuota",
            "ask": [
                "Me he roto el tobillo, ¿puedo congelar la cuota 2 meses?",
                "quiero pausar la cuota en julio que estoy de viaje",
            ],
        },
        "fr": {
            "cond": "l'adhérent demande à suspendre son abonnement",
            "np": "demandes de suspension d'abonnement",
            "ask": [
                "Je me suis cassé la cheville, je peux suspendre mon abonnement 2 mois ?",
                "je voudrais mettre en pause en juillet, je voyage",
            ],
        },
        "de": {
            "cond": "das Mitglied seine Mitgliedschaft ruhen lassen möchte",
            "np": "Anfragen zum Ruhenlassen der Mitgliedschaft",
            "ask": [
                "Ich habe mir den Knöchel gebrochen, kann ich die Mitgliedschaft 2 Monate ruhen lassen?",
                "will im juli pausieren, bin auf reisen",
            ],
        },
        "pt": {
            "cond": "o aluno pedir para congelar ou pausar o plano",
            "np": "solicitações de trancamento de plano",
            "ask": [
                "Quebrei o tornozelo, posso trancar o plano por 2 meses?",
                "quero pausar o plano em julho que vou viajar",
            ],
        },
    },
    "lost_item": {
        "problem": True,
        "en": {
            "cond": "the rider left an item in a vehicle",
            "np": "lost item reports",
            "ask": [
                "I left my phone in the car on my ride an hour ago, trip {ref}",
                "think I forgot my backpack in the back seat last night",
            ],
        },
        "es": {
            "cond": "el pasajero se ha dejado un objeto en el vehículo",
            "np": "denuncias de objetos perdidos",
            "ask": [
                "Me dejé el móvil en el coche en el viaje de hace una hora, viaje {ref}",
                "creo que me dejé la mochila en el asiento de atrás anoche",
            ],
        },
        "fr": {
            "cond": "le passager a oublié un objet dans le véhicule",
            "np": "déclarations d'objets oubliés",
            "ask": [
                "J'ai oublié mon téléphone dans la voiture il y a une heure, course {ref}",
                "je crois que j'ai laissé mon sac à dos sur la banquette hier soir",
            ],
        },
        "de": {
            "cond": "der Fahrgast etwas im Fahrzeug vergessen hat",
            "np": "Fundsachenmeldungen",
            "ask": [
                "Ich habe vor einer Stunde mein Handy im Auto liegen lassen, Fahrt {ref}",
                "glaube mein rucksack liegt noch auf der rückbank von gestern",
            ],
        },
        "pt": {
            "cond": "o passageiro tiver esquecido um objeto no veículo",
            "np": "ocorrências de objetos esquecidos",
            "ask": [
                "Esqueci meu celular no carro na corrida de uma hora atrás, viagem {ref}",
                "acho que deixei minha mochila no banco de trás ontem",
            ],
        },
    },
    # Context-conditioned: a plan-tier customer with any problem (the generator checks
    # the context and that the conversation raises a problem).
    "enterprise_problem": {
        "problem": True,
        "context_rule": "enterprise",
        "en": {
            "cond": "an Enterprise-plan customer reports a problem",
            "np": "problems reported by Enterprise customers",
        },
        "es": {
            "cond": "un cliente del plan Enterprise informa de un problema",
            "np": "incidencias de clientes Enterprise",
        },
        "fr": {
            "cond": "un client de l'offre Enterprise signale un problème",
            "np": "réclamations des clients Enterprise",
        },
        "de": {
            "cond": "ein Kunde im Enterprise-Tarif ein Problem meldet",
            "np": "Problemmeldungen von Enterprise-Kunden",
        },
        "pt": {
            "cond": "um cliente do plano Enterprise relatar um problema",
            "np": "ocorrências relatadas por clientes Enterprise",
        },
    },
}
