# ruff: noqa: E501  (data banks: long natural-language strings)
"""Phrase banks per language, written natively (not translated word by word).

Keys are shared across languages; every language must define every key. Slots:
{bot} {brand} {product} {ref} {amount} {days} {n}.
"""

from __future__ import annotations

from typing import Any

PHRASES: dict[str, dict[str, Any]] = {
    # ======================================================================= ENGLISH
    "en": {
        "hi": [
            "hi",
            "hello",
            "hey",
            "Hi there",
            "good morning",
            "hey, quick question",
            "hiya",
            "Hello,",
        ],
        "bot_hi": [
            "Hi! I'm {bot}, {brand}'s virtual assistant. How can I help you today?",
            "Hello, this is {bot} from {brand}. What can I do for you?",
            "Hey there 👋 I'm {bot}. Ask me anything about your {brand} account.",
            "Welcome to {brand} support! How can I help?",
        ],
        "bot_ack": [
            "Thanks for reaching out. Could you share the reference number so I can take a look?",
            "I'm sorry to hear that. Let me check what I can see on your account.",
            "Got it. Can you tell me a bit more about when this started?",
            "Thanks for the details. One moment while I look into it.",
            "Understood. Just to confirm, is this for the account you're logged in with?",
        ],
        "bot_answer": [
            "You can do that from Settings > Account. Once you save, it takes effect right away.",
            "Here's how: open the app, tap your profile, then 'Manage'. The option is at the bottom.",
            "I've checked and everything looks fine on our side. It should be sorted within 24 hours.",
            "Good news: that's included in your current plan, there's nothing extra to pay.",
            "I've updated that for you. You'll get a confirmation email in a few minutes.",
            "That usually takes 3 to 5 business days. You'll get a notification when it's done.",
        ],
        "bot_fail": [
            "You can find more information about this in our Help Center.",
            "Have you tried logging out and back in again?",
            "I'm sorry, I didn't quite get that. Could you rephrase your question?",
            "Please check our FAQ page, it covers most common questions.",
            "Try clearing your browser cache and cookies, then try again.",
            "I'm not sure I understand. Could you give me more details?",
        ],
        "bot_offer": [
            "I'm sorry about this. Would you like me to connect you with a member of our team?",
            "I can put you through to a human agent if you'd like. Shall I do that?",
            "Would you like to speak with someone from our support team about this?",
            "If you prefer, I can transfer you to a specialist. Want me to?",
        ],
        "bot_escalated": [
            "I'm connecting you with a member of our team now. Someone will be with you shortly.",
            "Sure, I've transferred you to a human agent. Current wait time is about 5 minutes.",
            "Done, I've passed this to our support team with your details. An agent will join here soon.",
        ],
        "agent_hi": [
            "Hi, this is Maria from the support team. I'm reading through your chat now.",
            "Hello, Tom here, I've got your case in front of me.",
        ],
        "system_joined": [
            "Agent Maria joined the conversation.",
            "Transfer queued: support-tier-1.",
        ],
        "thanks": [
            "thanks!",
            "perfect, thank you",
            "ok great, that worked",
            "cool thx",
            "Thanks, that's all I needed.",
            "awesome, appreciate it",
            "ah ok got it, ty",
        ],
        "followup": [
            "ok, and how long does that take?",
            "great. can I do the same from the app?",
            "and will I get an email when it's done?",
            "makes sense. is there a fee for that?",
            "ok thanks. one more thing, where do I see my plan details?",
        ],
        "qa": [
            (
                "What are your opening hours?",
                "Our support chat is open 24/7, and phone lines are open 8am to 8pm Monday to Friday.",
            ),
            (
                "how do I change the email on my account?",
                "Go to Settings > Profile > Email, enter the new address and confirm the link we send.",
            ),
            (
                "Do you have an app for Android?",
                "Yes! Search for {brand} in the Google Play Store.",
            ),
            (
                "can I use my account on two devices at the same time?",
                "Yes, you can be signed in on up to 3 devices at once.",
            ),
            (
                "Where can I update my card details?",
                "Under Billing > Payment methods you can add a new card and set it as default.",
            ),
            ("is there a dark mode?", "Yes, it's under Settings > Appearance."),
            (
                "How do I turn off the marketing emails?",
                "Click 'unsubscribe' at the bottom of any email, or go to Settings > Notifications.",
            ),
            ("do you deliver on sundays?", "We deliver Monday to Saturday, not on Sundays."),
            (
                "What's your address for returns?",
                "You don't need an address: start the return in your account and print the label.",
            ),
            (
                "how do i add my partner to the account",
                "Go to Account > Members > Invite and enter their email address.",
            ),
            (
                "Can I change the language of the app to Spanish?",
                "Sure, go to Settings > Language and pick Español.",
            ),
            ("is my data stored in the EU?", "Yes, all customer data is hosted in Frankfurt."),
        ],
        "req_bare": [
            "agent",
            "human please",
            "Can I talk to a real person?",
            "representative",
            "I want to speak to someone",
            "live agent",
            "talk to human",
            "operator pls",
            "Is there a human I can chat with?",
            "connect me to customer service",
            "I'd like to speak with a person, please.",
            "get me a real person",
        ],
        "req_suffix": [
            "Can I talk to someone about this?",
            "I'd like to speak to an agent.",
            "Please put me through to a human.",
            "is there a real person I can talk to?",
            "Can you transfer me to a representative?",
            "Let me speak to a manager please.",
            "i need to talk to an actual human about this",
            "Get me a person, not a bot.",
            "Could a member of your team call me?",
        ],
        "req_later": [
            "can I just talk to a human please",
            "I want to speak to a real person.",
            "Transfer me to an agent.",
            "is there someone from your team I can talk to?",
            "ok, I'd rather discuss this with a person",
            "Can I get a human on this chat?",
            "put me through to someone who can actually look at my account",
            "I'd like to speak to your supervisor.",
        ],
        "accept": [
            "yes please",
            "ok connect me",
            "sure",
            "yeah go ahead",
            "please do",
            "yes, a person would be great",
            "ok yes",
            "yep, transfer me",
        ],
        "decline": [
            "no thanks, I'll figure it out",
            "nah not needed",
            "no, just answer the question",
            "No thank you, I'd rather sort it here.",
            "no need, I'll try again later",
            "not now, thanks",
        ],
        "no_human": [
            "I don't want to talk to a person, just tell me this: {q}",
            "no need for a human, quick question: {q}",
            "Please don't transfer me, I just need to know: {q}",
            "{q} (no need to get an agent involved, I'm sure you can answer this)",
        ],
        "human_mention": [
            "An agent told me yesterday that my plan was updated. Can you confirm it shows the new plan?",
            "Does your human resources team post job openings on the website?",
            "My colleague spoke to someone from your team last week and it's sorted now, thanks. "
            "I just want to know where I download the receipt.",
        ],
        "frus_mild": [
            "ugh, this is getting annoying",
            "honestly this is a bit frustrating",
            "seriously? that's not great",
            "hmm, I'm starting to lose patience here",
            "come on, this should be simple",
            "kind of annoyed tbh",
        ],
        "frus_strong": [
            "THIS IS RIDICULOUS. I've been trying to fix this for an hour!!",
            "you people are absolutely useless",
            "worst customer service I have ever dealt with",
            "I am FURIOUS. Fix this NOW.",
            "what a joke of a company",
            "this is a f***ing disgrace",
            "Are you kidding me?! Unbelievable.",
        ],
        "sarcasm": [
            "oh great, another canned answer. super helpful.",
            "wow, thanks for nothing",
            "fantastic. love spending my evening on this.",
            "sure, because that worked so well last time",
            "brilliant, really brilliant.",
        ],
        "churn": [
            "If this isn't fixed today I'm cancelling and going elsewhere.",
            "I'm seriously thinking of leaving {brand} over this.",
        ],
        "unhelpful_user": [
            "that's not what I asked",
            "I already tried that, it doesn't help",
            "you keep sending me the same link",
            "I don't think you understand my question",
            "this isn't helping, the steps don't match what I see on my screen",
            "that answer doesn't apply to my case",
        ],
        "repeat_contact": [
            "This is the third time this week I'm contacting you about this.",
            "I've already reached out 3 times about exactly this and it's still not fixed.",
            "Fourth time writing in about the same issue.",
        ],
        "new_stuck": [
            "I just signed up last week and I can't figure out how to get this working at all.",
            "New customer here, been stuck on the setup for two days.",
            "Just joined and I'm completely stuck, nothing I try works.",
        ],
        "renewal_problem": [
            "Our renewal is coming up and this keeps breaking.",
            "We're about to renew and honestly this issue is a problem for us.",
        ],
        "problem": [
            "the export keeps failing with an error halfway through",
            "The app crashes every time I open the invoices tab.",
            "sync has been broken since the last update, changes from my phone don't show on the laptop",
            "notifications stopped working, I'm missing everything",
            "I can't upload any files, it just spins forever",
            "the dashboard shows yesterday's numbers, nothing is updating",
        ],
        "vague_problem": [
            "something's off with my account, can you check?",
            "it's not working again",
            "I have an issue with my last payment",
        ],
        "sensitive": {
            "legal": [
                "If this isn't resolved by Friday my lawyer will be in touch.",
                "I'm going to take legal action against {brand} over this.",
                "My attorney has advised me to file a complaint. Consider this formal notice.",
            ],
            "self_harm": [
                "honestly I don't see the point anymore. I've been thinking about ending it all",
                "I can't take this anymore, I feel like hurting myself",
            ],
            "fraud": [
                "There are three charges on my card I don't recognise, I think someone stole my details.",
                "someone made purchases with my card that weren't me",
                "I got a call from someone pretending to be {brand} and I gave them my code. Now money is gone.",
            ],
            "hijacked": [
                "Someone hacked my account, they changed my email and password and I'm locked out.",
                "my account was taken over, there are logins from another country and my phone number was changed",
            ],
            "gdpr": [
                "Under GDPR I request that you delete all personal data you hold about me.",
                "I want a copy of all the personal data you have on me (subject access request).",
                "Please erase my account and all my data, I'm exercising my right to be forgotten.",
            ],
            "bereavement": [
                "My husband passed away last month and I need to close his account.",
                "my dad died recently and his subscription is still charging, what do I do",
            ],
            "medical": [
                "My son just had an allergic reaction after eating your product, his lips are swelling",
                "I'm having chest pains and I can't get through to anyone",
            ],
        },
        "account_action": {
            "refund_exception": [
                "I know it's past the 30-day window, but I need an exception for this refund.",
                "Can you refund me even though the return period ended last week? I was in hospital.",
            ],
            "owner_change": [
                "I need to transfer ownership of our account to my colleague, I'm leaving the company.",
                "please change the account holder to my wife's name",
            ],
            "dispute_charge": [
                "I want to dispute a charge from March 3rd, I was billed for a plan I cancelled.",
                "You charged me twice for the same order. I want the duplicate charge reversed.",
            ],
            "hidden_data": [
                "Can you tell me which of my team members deleted the shared folder yesterday?",
                "I need the call recordings from my support case last year.",
            ],
            "exception": [
                "Can you extend my trial by another month? I need approval for the budget first.",
                "I need you to waive the early termination fee, I'm moving somewhere you don't cover.",
            ],
        },
    },
    # ======================================================================= SPANISH
    "es": {
        "hi": [
            "hola",
            "buenas",
            "Hola, buenos días",
            "buenas tardes",
            "hola, una pregunta",
            "Holaa",
        ],
        "bot_hi": [
            "¡Hola! Soy {bot}, el asistente virtual de {brand}. ¿En qué te puedo ayudar?",
            "Hola, soy {bot} de {brand}. ¿Qué necesitas?",
            "Bienvenido al soporte de {brand}. ¿Cómo te ayudo?",
        ],
        "bot_ack": [
            "Gracias por escribirnos. ¿Me pasas el número de referencia para revisarlo?",
            "Siento lo ocurrido. Déjame ver qué aparece en tu cuenta.",
            "Entendido. ¿Desde cuándo te pasa?",
            "Gracias por los detalles. Dame un momento que lo reviso.",
        ],
        "bot_answer": [
            "Puedes hacerlo desde Ajustes > Cuenta. Al guardar se aplica al momento.",
            "Te cuento: abre la app, entra en tu perfil y pulsa 'Gestionar'. La opción está abajo del todo.",
            "Lo he revisado y todo está correcto por nuestra parte. Debería quedar resuelto en 24 horas.",
            "Buenas noticias: eso está incluido en tu plan actual, no tienes que pagar nada más.",
            "Ya lo he actualizado. En unos minutos te llegará un correo de confirmación.",
        ],
        "bot_fail": [
            "Puedes encontrar más información en nuestro Centro de ayuda.",
            "¿Has probado a cerrar sesión y volver a entrar?",
            "Perdona, no te he entendido. ¿Puedes reformular la pregunta?",
            "Consulta nuestras preguntas frecuentes, ahí se resuelven las dudas más habituales.",
            "Prueba a borrar la caché del navegador e inténtalo de nuevo.",
        ],
        "bot_offer": [
            "Siento las molestias. ¿Quieres que te pase con una persona de nuestro equipo?",
            "Si lo prefieres, te puedo poner en contacto con un agente. ¿Lo hago?",
            "¿Te gustaría hablar con alguien de soporte sobre esto?",
        ],
        "bot_escalated": [
            "Te paso ahora con una persona del equipo. En breve te atienden.",
            "Listo, te he transferido a un agente. El tiempo de espera es de unos 5 minutos.",
        ],
        "agent_hi": ["Hola, soy Lucía del equipo de soporte. Estoy leyendo la conversación."],
        "system_joined": ["La agente Lucía se ha unido a la conversación."],
        "thanks": [
            "gracias!",
            "perfecto, muchas gracias",
            "vale, ya funciona",
            "genial, gracias",
            "Gracias, era todo.",
            "ok mil gracias",
        ],
        "followup": [
            "vale, y cuánto tarda eso?",
            "genial. ¿y se puede hacer desde la app?",
            "¿me llegará un correo cuando esté hecho?",
            "ok. ¿eso tiene algún coste?",
        ],
        "qa": [
            (
                "¿Cuál es vuestro horario de atención?",
                "El chat está disponible 24/7 y el teléfono de 9 a 20 h de lunes a viernes.",
            ),
            (
                "como cambio el email de mi cuenta?",
                "Ve a Ajustes > Perfil > Email, escribe la nueva dirección y confirma el enlace que te enviamos.",
            ),
            ("¿Tenéis app para Android?", "¡Sí! Busca {brand} en Google Play."),
            (
                "¿Dónde actualizo los datos de la tarjeta?",
                "En Facturación > Métodos de pago puedes añadir una tarjeta nueva y marcarla como predeterminada.",
            ),
            ("hay modo oscuro?", "Sí, está en Ajustes > Apariencia."),
            (
                "¿Cómo dejo de recibir correos de publicidad?",
                "Pulsa 'darse de baja' al final de cualquier correo o ve a Ajustes > Notificaciones.",
            ),
            (
                "se puede usar la cuenta en dos móviles a la vez?",
                "Sí, puedes tener la sesión abierta en hasta 3 dispositivos.",
            ),
            ("¿Puedo poner la app en inglés?", "Claro, en Ajustes > Idioma eliges English."),
        ],
        "req_bare": [
            "agente",
            "quiero hablar con una persona",
            "¿Puedo hablar con un humano?",
            "pásame con alguien",
            "operador por favor",
            "con un agente real porfa",
            "Quisiera hablar con una persona, por favor.",
            "atención al cliente",
        ],
        "req_suffix": [
            "¿Puedo hablar con alguien sobre esto?",
            "Quiero hablar con un agente.",
            "Pásame con una persona, por favor.",
            "¿hay alguna persona real con la que hablar?",
            "Quiero hablar con un responsable.",
            "necesito hablar con un humano de verdad",
            "Pásame con alguien, no con un bot.",
        ],
        "req_later": [
            "¿me puedes pasar con una persona?",
            "Quiero hablar con alguien de verdad.",
            "pásame con un agente ya",
            "prefiero hablarlo con una persona",
            "¿Hay alguien del equipo con quien pueda hablar?",
            "quiero hablar con tu supervisor",
        ],
        "accept": [
            "sí, por favor",
            "vale, pásame",
            "sí",
            "dale",
            "venga, sí",
            "sí, mejor con una persona",
        ],
        "decline": [
            "no gracias, ya lo miro yo",
            "no hace falta",
            "no, solo responde la pregunta",
            "No, gracias, prefiero resolverlo aquí.",
            "ahora no, gracias",
        ],
        "no_human": [
            "No quiero hablar con nadie, solo dime esto: {q}",
            "no hace falta un agente, una pregunta rápida: {q}",
            "Por favor no me pases con nadie, solo necesito saber: {q}",
        ],
        "human_mention": [
            "Un agente me dijo ayer que mi plan ya estaba cambiado. ¿Me confirmas que aparece el nuevo?",
            "Mi compañera habló con alguien de vuestro equipo y ya está resuelto. Solo quiero saber dónde descargo el recibo.",
        ],
        "frus_mild": [
            "uf, esto empieza a ser un poco pesado",
            "la verdad es que es frustrante",
            "en serio? no es normal",
            "me estoy empezando a cansar",
            "venga ya, esto debería ser sencillo",
        ],
        "frus_strong": [
            "¡¡ESTO ES UNA VERGÜENZA!! Llevo una hora con esto",
            "sois unos inútiles",
            "el peor servicio que he visto en mi vida",
            "ESTOY HARTO. Arregladlo YA.",
            "menuda tomadura de pelo de empresa",
        ],
        "sarcasm": [
            "genial, otra respuesta enlatada. utilísimo.",
            "pues muchas gracias por nada",
            "fantástico, me encanta pasar la tarde con esto",
            "claro, porque eso funcionó tan bien la última vez",
        ],
        "churn": [
            "Si hoy no está arreglado me doy de baja y me voy a otra.",
            "Me estoy planteando en serio irme de {brand} por esto.",
        ],
        "unhelpful_user": [
            "eso no es lo que he preguntado",
            "ya lo he probado y no sirve",
            "me mandas siempre el mismo enlace",
            "creo que no entiendes mi pregunta",
            "esto no me ayuda, los pasos no coinciden con lo que veo",
        ],
        "repeat_contact": [
            "Es la tercera vez esta semana que os escribo por esto.",
            "Ya he contactado 3 veces por lo mismo y sigue sin arreglarse.",
        ],
        "new_stuck": [
            "Me di de alta la semana pasada y no consigo que funcione nada.",
            "Soy cliente nuevo y llevo dos días atascado con la configuración.",
        ],
        "renewal_problem": [
            "Nos toca renovar pronto y esto no para de fallar.",
            "Estamos a punto de renovar y este problema nos afecta mucho.",
        ],
        "problem": [
            "la exportación falla siempre a mitad con un error",
            "La app se cierra cada vez que abro la pestaña de facturas.",
            "la sincronización no funciona desde la última actualización",
            "no puedo subir ningún archivo, se queda cargando",
            "el panel muestra los datos de ayer, no se actualiza nada",
        ],
        "vague_problem": [
            "algo raro pasa con mi cuenta, ¿lo puedes mirar?",
            "otra vez no funciona",
        ],
        "sensitive": {
            "legal": [
                "Si esto no se soluciona el viernes, mi abogado se pondrá en contacto con ustedes.",
                "Voy a emprender acciones legales contra {brand}.",
            ],
            "self_harm": [
                "la verdad ya no le veo sentido a nada, he pensado en acabar con todo",
                "no puedo más, tengo ganas de hacerme daño",
            ],
            "fraud": [
                "Hay tres cargos en mi tarjeta que no reconozco, creo que me han robado los datos.",
                "alguien ha hecho compras con mi tarjeta y no he sido yo",
            ],
            "hijacked": [
                "Me han hackeado la cuenta, han cambiado el email y la contraseña y no puedo entrar.",
                "me han robado la cuenta, hay accesos desde otro país",
            ],
            "gdpr": [
                "En virtud del RGPD solicito la supresión de todos mis datos personales.",
                "Quiero ejercer mi derecho de acceso: enviadme todos los datos que tenéis sobre mí.",
            ],
            "bereavement": [
                "Mi marido falleció el mes pasado y necesito cerrar su cuenta.",
                "mi padre murió hace poco y le siguen cobrando la suscripción",
            ],
            "medical": [
                "Mi hijo ha tenido una reacción alérgica después de comer vuestro producto, se le hinchan los labios",
                "tengo dolor en el pecho y no consigo hablar con nadie",
            ],
        },
        "account_action": {
            "refund_exception": [
                "Sé que han pasado los 30 días, pero necesito una excepción para el reembolso.",
                "¿Me podéis devolver el dinero aunque acabó el plazo? Estuve ingresado.",
            ],
            "owner_change": [
                "Necesito pasar la titularidad de la cuenta a una compañera, me voy de la empresa.",
                "por favor cambiad el titular de la cuenta al nombre de mi mujer",
            ],
            "dispute_charge": [
                "Quiero reclamar un cargo del 3 de marzo, me cobrasteis un plan que ya había cancelado.",
                "Me habéis cobrado dos veces el mismo pedido. Quiero que anuléis el cargo duplicado.",
            ],
            "hidden_data": [
                "¿Me puedes decir quién de mi equipo borró ayer la carpeta compartida?",
                "Necesito las grabaciones de las llamadas de mi caso del año pasado.",
            ],
            "exception": [
                "¿Me alargáis la prueba un mes más? Necesito que me aprueben el presupuesto.",
                "Necesito que me quitéis la penalización por baja anticipada, me mudo a una zona sin cobertura.",
            ],
        },
    },
    # ======================================================================= FRENCH
    "fr": {
        "hi": ["bonjour", "salut", "Bonjour,", "bonsoir", "bonjour, petite question", "Hello"],
        "bot_hi": [
            "Bonjour ! Je suis {bot}, l'assistant virtuel de {brand}. Comment puis-je vous aider ?",
            "Bonjour, ici {bot} de {brand}. Que puis-je faire pour vous ?",
            "Bienvenue sur le support {brand} ! En quoi puis-je vous aider ?",
        ],
        "bot_ack": [
            "Merci pour votre message. Pouvez-vous me donner le numéro de référence ?",
            "Je suis désolé pour ce désagrément. Je regarde ce que je vois sur votre compte.",
            "C'est noté. Depuis quand est-ce que ça arrive ?",
            "Merci pour ces précisions, je vérifie tout de suite.",
        ],
        "bot_answer": [
            "Vous pouvez le faire depuis Paramètres > Compte. C'est pris en compte immédiatement.",
            "Voici comment faire : ouvrez l'appli, touchez votre profil puis « Gérer ».",
            "J'ai vérifié et tout est en ordre de notre côté. Ce sera réglé sous 24 heures.",
            "Bonne nouvelle : c'est inclus dans votre offre actuelle, rien de plus à payer.",
            "C'est mis à jour. Vous allez recevoir un e-mail de confirmation.",
        ],
        "bot_fail": [
            "Vous trouverez plus d'informations dans notre centre d'aide.",
            "Avez-vous essayé de vous déconnecter puis de vous reconnecter ?",
            "Désolé, je n'ai pas bien compris. Pouvez-vous reformuler ?",
            "Consultez notre FAQ, elle répond aux questions les plus fréquentes.",
            "Essayez de vider le cache de votre navigateur puis réessayez.",
        ],
        "bot_offer": [
            "Je suis désolé. Voulez-vous que je vous mette en relation avec un conseiller ?",
            "Si vous le souhaitez, je peux vous transférer à un membre de l'équipe. Je le fais ?",
            "Souhaitez-vous échanger avec quelqu'un de notre service client à ce sujet ?",
        ],
        "bot_escalated": [
            "Je vous mets en relation avec un conseiller, quelqu'un va vous répondre sous peu.",
            "C'est fait, je vous ai transféré à un conseiller. Attente estimée : 5 minutes.",
        ],
        "agent_hi": [
            "Bonjour, Camille du service client. Je prends connaissance de votre échange."
        ],
        "system_joined": ["La conseillère Camille a rejoint la conversation."],
        "thanks": [
            "merci !",
            "parfait, merci beaucoup",
            "ok super, ça marche",
            "top merci",
            "Merci, c'est tout ce qu'il me fallait.",
        ],
        "followup": [
            "ok, et ça prend combien de temps ?",
            "super. je peux le faire depuis l'appli aussi ?",
            "je recevrai un mail quand ce sera fait ?",
            "d'accord. il y a des frais ?",
        ],
        "qa": [
            (
                "Quels sont vos horaires ?",
                "Le chat est disponible 24h/24 et le téléphone de 9h à 19h du lundi au vendredi.",
            ),
            (
                "comment je change l'adresse mail du compte ?",
                "Allez dans Paramètres > Profil > E-mail, saisissez la nouvelle adresse et validez le lien reçu.",
            ),
            ("Vous avez une appli Android ?", "Oui ! Cherchez {brand} sur le Google Play Store."),
            (
                "Où je mets à jour ma carte bancaire ?",
                "Dans Facturation > Moyens de paiement, ajoutez la nouvelle carte et définissez-la par défaut.",
            ),
            ("il y a un mode sombre ?", "Oui, dans Paramètres > Apparence."),
            (
                "Comment arrêter les mails promotionnels ?",
                "Cliquez sur « se désabonner » en bas d'un e-mail ou allez dans Paramètres > Notifications.",
            ),
            (
                "on peut être connecté sur deux téléphones en même temps ?",
                "Oui, jusqu'à 3 appareils en même temps.",
            ),
        ],
        "req_bare": [
            "conseiller",
            "je veux parler à un humain",
            "Je peux parler à une vraie personne ?",
            "un agent svp",
            "mettez-moi en relation avec quelqu'un",
            "service client",
            "Je souhaiterais parler à un conseiller, s'il vous plaît.",
        ],
        "req_suffix": [
            "Je peux parler à quelqu'un à ce sujet ?",
            "Je veux parler à un conseiller.",
            "Passez-moi un humain s'il vous plaît.",
            "il y a une vraie personne avec qui parler ?",
            "Je veux parler à un responsable.",
            "je veux un humain, pas un robot",
        ],
        "req_later": [
            "je peux parler à un humain svp",
            "Je veux parler à une vraie personne.",
            "passez-moi un conseiller",
            "je préfère voir ça avec quelqu'un",
            "Il y a quelqu'un de l'équipe avec qui je peux parler ?",
            "je veux parler à votre supérieur",
        ],
        "accept": [
            "oui svp",
            "ok, allez-y",
            "oui",
            "d'accord",
            "oui volontiers",
            "oui, transférez-moi",
        ],
        "decline": [
            "non merci, je vais me débrouiller",
            "pas besoin",
            "non, répondez juste à la question",
            "Non merci, je préfère régler ça ici.",
            "pas maintenant, merci",
        ],
        "no_human": [
            "Je ne veux pas parler à quelqu'un, dites-moi juste : {q}",
            "pas besoin d'un conseiller, petite question : {q}",
            "Ne me transférez pas svp, j'ai juste besoin de savoir : {q}",
        ],
        "human_mention": [
            "Un conseiller m'a dit hier que mon offre était modifiée. Vous pouvez confirmer que c'est bien la nouvelle ?",
            "Mon collègue a eu quelqu'un de chez vous la semaine dernière, c'est réglé. Je voudrais juste savoir où télécharger le reçu.",
        ],
        "frus_mild": [
            "bon, ça commence à être pénible",
            "c'est un peu frustrant quand même",
            "sérieusement ? c'est pas top",
            "je commence à perdre patience",
        ],
        "frus_strong": [
            "C'EST INADMISSIBLE. Ça fait une heure que j'essaie !!",
            "vous êtes vraiment des incapables",
            "le pire service client que j'aie jamais vu",
            "J'en ai RAS LE BOL. Réglez ça MAINTENANT.",
            "quelle boîte de guignols",
        ],
        "sarcasm": [
            "super, encore une réponse toute faite. très utile.",
            "merci pour rien",
            "génial, j'adore passer ma soirée là-dessus",
            "bien sûr, vu comme ça a marché la dernière fois",
        ],
        "churn": [
            "Si ce n'est pas réglé aujourd'hui je résilie et je vais voir ailleurs.",
            "Je pense sérieusement à quitter {brand} à cause de ça.",
        ],
        "unhelpful_user": [
            "ce n'est pas ce que j'ai demandé",
            "j'ai déjà essayé, ça ne change rien",
            "vous m'envoyez toujours le même lien",
            "je crois que vous ne comprenez pas ma question",
            "ça ne m'aide pas, les étapes ne correspondent pas à mon écran",
        ],
        "repeat_contact": [
            "C'est la troisième fois cette semaine que je vous contacte pour ça.",
            "Je vous ai déjà écrit 3 fois pour exactement le même problème.",
        ],
        "new_stuck": [
            "Je me suis inscrit la semaine dernière et je n'arrive à rien faire fonctionner.",
            "Nouveau client, ça fait deux jours que je bloque sur la configuration.",
        ],
        "renewal_problem": [
            "Notre renouvellement arrive bientôt et ça ne fait que planter.",
            "On doit renouveler très bientôt et ce problème nous gêne vraiment.",
        ],
        "problem": [
            "l'export plante toujours à la moitié avec une erreur",
            "L'appli se ferme dès que j'ouvre l'onglet factures.",
            "la synchro ne marche plus depuis la dernière mise à jour",
            "impossible d'envoyer des fichiers, ça tourne dans le vide",
        ],
        "vague_problem": [
            "il y a un souci avec mon compte, vous pouvez regarder ?",
            "ça remarche pas",
        ],
        "sensitive": {
            "legal": [
                "Si ce n'est pas réglé vendredi, mon avocat prendra contact avec vous.",
                "Je vais engager une action en justice contre {brand}.",
            ],
            "self_harm": [
                "honnêtement je ne vois plus l'intérêt de rien, je pense à en finir",
                "je n'en peux plus, j'ai envie de me faire du mal",
            ],
            "fraud": [
                "Il y a trois paiements sur ma carte que je ne reconnais pas, on m'a volé mes données.",
                "quelqu'un a fait des achats avec ma carte et ce n'est pas moi",
            ],
            "hijacked": [
                "On a piraté mon compte, l'e-mail et le mot de passe ont été changés.",
                "mon compte a été piraté, il y a des connexions depuis l'étranger",
            ],
            "gdpr": [
                "Conformément au RGPD, je demande l'effacement de toutes mes données personnelles.",
                "Je souhaite exercer mon droit d'accès : envoyez-moi toutes les données que vous avez sur moi.",
            ],
            "bereavement": [
                "Mon mari est décédé le mois dernier et je dois clôturer son compte.",
                "mon père est mort récemment et son abonnement est toujours prélevé",
            ],
            "medical": [
                "Mon fils fait une réaction allergique après avoir mangé votre produit, ses lèvres gonflent",
                "j'ai une douleur dans la poitrine et je n'arrive à joindre personne",
            ],
        },
        "account_action": {
            "refund_exception": [
                "Je sais que les 30 jours sont passés mais j'ai besoin d'une exception pour ce remboursement.",
                "Vous pouvez me rembourser même si le délai est dépassé ? J'étais hospitalisé.",
            ],
            "owner_change": [
                "Je dois transférer la propriété du compte à une collègue, je quitte l'entreprise.",
                "merci de mettre le compte au nom de ma femme",
            ],
            "dispute_charge": [
                "Je conteste un prélèvement du 3 mars pour une offre que j'avais résiliée.",
                "Vous m'avez débité deux fois pour la même commande, je veux le remboursement du doublon.",
            ],
            "hidden_data": [
                "Vous pouvez me dire qui dans mon équipe a supprimé le dossier partagé hier ?",
                "J'ai besoin des enregistrements des appels de mon dossier de l'an dernier.",
            ],
            "exception": [
                "Vous pouvez prolonger mon essai d'un mois ? J'attends la validation du budget.",
                "J'ai besoin que vous annuliez les frais de résiliation anticipée, je déménage hors zone.",
            ],
        },
    },
    # ======================================================================= GERMAN
    "de": {
        "hi": ["hallo", "hi", "Guten Tag", "moin", "Hallo, kurze Frage", "servus"],
        "bot_hi": [
            "Hallo! Ich bin {bot}, der digitale Assistent von {brand}. Wie kann ich helfen?",
            "Hallo, hier ist {bot} von {brand}. Was kann ich für dich tun?",
            "Willkommen beim {brand}-Support! Wobei kann ich helfen?",
        ],
        "bot_ack": [
            "Danke für deine Nachricht. Kannst du mir die Referenznummer schicken?",
            "Das tut mir leid. Ich schaue mir dein Konto kurz an.",
            "Verstanden. Seit wann tritt das auf?",
            "Danke für die Details, ich prüfe das gleich.",
        ],
        "bot_answer": [
            "Das geht unter Einstellungen > Konto. Nach dem Speichern gilt es sofort.",
            "So geht's: App öffnen, aufs Profil tippen, dann 'Verwalten'. Die Option ist ganz unten.",
            "Ich habe nachgesehen, bei uns ist alles in Ordnung. Innerhalb von 24 Stunden sollte es erledigt sein.",
            "Gute Nachricht: Das ist in deinem Tarif enthalten, es kostet nichts extra.",
            "Ich habe das aktualisiert. Du bekommst gleich eine Bestätigungsmail.",
        ],
        "bot_fail": [
            "Weitere Informationen findest du in unserem Hilfecenter.",
            "Hast du schon versucht, dich ab- und wieder anzumelden?",
            "Entschuldigung, das habe ich nicht verstanden. Kannst du die Frage anders formulieren?",
            "Schau gern in unsere FAQ, dort werden die häufigsten Fragen beantwortet.",
            "Bitte leere den Browser-Cache und versuche es erneut.",
        ],
        "bot_offer": [
            "Das tut mir leid. Soll ich dich mit jemandem aus unserem Team verbinden?",
            "Wenn du möchtest, kann ich dich an einen Mitarbeiter weiterleiten. Soll ich?",
            "Möchtest du darüber mit jemandem vom Support sprechen?",
        ],
        "bot_escalated": [
            "Ich verbinde dich jetzt mit einem Mitarbeiter, gleich meldet sich jemand.",
            "Erledigt, ich habe dich an einen Mitarbeiter übergeben. Wartezeit ca. 5 Minuten.",
        ],
        "agent_hi": [
            "Hallo, hier ist Jonas vom Support-Team. Ich lese mich gerade in den Chat ein."
        ],
        "system_joined": ["Mitarbeiter Jonas ist dem Chat beigetreten."],
        "thanks": [
            "danke!",
            "super, vielen dank",
            "ok passt, hat geklappt",
            "top, danke",
            "Danke, das war alles.",
        ],
        "followup": [
            "ok, und wie lange dauert das?",
            "super. geht das auch in der app?",
            "bekomme ich eine mail wenn es fertig ist?",
            "ok. kostet das was?",
        ],
        "qa": [
            (
                "Wann seid ihr erreichbar?",
                "Der Chat ist rund um die Uhr da, telefonisch Mo–Fr 8–20 Uhr.",
            ),
            (
                "wie ändere ich die email-adresse im konto?",
                "Unter Einstellungen > Profil > E-Mail die neue Adresse eintragen und den Bestätigungslink anklicken.",
            ),
            ("Gibt es eine Android-App?", "Ja! Einfach im Google Play Store nach {brand} suchen."),
            (
                "Wo ändere ich meine Kartendaten?",
                "Unter Abrechnung > Zahlungsmethoden eine neue Karte hinzufügen und als Standard setzen.",
            ),
            ("gibts einen dark mode?", "Ja, unter Einstellungen > Darstellung."),
            (
                "Wie bestelle ich den Newsletter ab?",
                "Unten in jeder Mail auf 'Abmelden' klicken oder unter Einstellungen > Benachrichtigungen.",
            ),
            (
                "kann ich auf zwei handys gleichzeitig angemeldet sein?",
                "Ja, auf bis zu 3 Geräten gleichzeitig.",
            ),
        ],
        "req_bare": [
            "mitarbeiter",
            "ich will mit einem menschen reden",
            "Kann ich mit einer echten Person sprechen?",
            "Kundenservice bitte",
            "verbinden sie mich mit jemandem",
            "menschlicher berater bitte",
            "Ich möchte bitte mit einem Mitarbeiter sprechen.",
        ],
        "req_suffix": [
            "Kann ich darüber mit jemandem sprechen?",
            "Ich möchte mit einem Mitarbeiter sprechen.",
            "Bitte verbinden Sie mich mit einem Menschen.",
            "gibt es eine echte person mit der ich reden kann?",
            "Ich will einen Vorgesetzten sprechen.",
            "ich will einen menschen, keinen bot",
        ],
        "req_later": [
            "kann ich bitte mit einem menschen sprechen",
            "Ich will mit einer echten Person reden.",
            "verbinde mich mit einem mitarbeiter",
            "das bespreche ich lieber mit jemandem persönlich",
            "Gibt es jemanden aus dem Team, mit dem ich sprechen kann?",
            "ich möchte ihren vorgesetzten sprechen",
        ],
        "accept": ["ja bitte", "ok, verbinde mich", "ja", "gerne", "ja, mach das", "ok ja"],
        "decline": [
            "nein danke, ich krieg das hin",
            "nicht nötig",
            "nein, beantworte einfach die frage",
            "Nein danke, ich kläre das lieber hier.",
            "jetzt nicht, danke",
        ],
        "no_human": [
            "Ich will mit niemandem sprechen, sag mir nur: {q}",
            "kein mitarbeiter nötig, kurze frage: {q}",
            "Bitte nicht weiterleiten, ich muss nur wissen: {q}",
        ],
        "human_mention": [
            "Ein Mitarbeiter hat mir gestern gesagt, dass mein Tarif umgestellt ist. Kannst du bestätigen, dass der neue drin ist?",
            "Mein Kollege hatte letzte Woche jemanden von euch am Telefon, ist geklärt. Ich will nur wissen, wo ich die Quittung runterlade.",
        ],
        "frus_mild": [
            "langsam nervt das",
            "ehrlich gesagt ist das etwas frustrierend",
            "echt jetzt? nicht so toll",
            "meine geduld wird langsam knapp",
        ],
        "frus_strong": [
            "DAS IST EINE FRECHHEIT. Ich versuche das seit einer Stunde!!",
            "ihr seid echt komplett unfähig",
            "der schlechteste Kundenservice, den ich je erlebt habe",
            "Ich bin STINKSAUER. Reparieren Sie das SOFORT.",
            "was für ein sauladen",
        ],
        "sarcasm": [
            "toll, noch eine standardantwort. sehr hilfreich.",
            "danke für nichts",
            "super, genau so wollte ich meinen abend verbringen",
            "klar, weil das letztes mal ja so gut geklappt hat",
        ],
        "churn": [
            "Wenn das heute nicht behoben ist, kündige ich und gehe zur Konkurrenz.",
            "Ich überlege ernsthaft, {brand} deswegen zu verlassen.",
        ],
        "unhelpful_user": [
            "das habe ich nicht gefragt",
            "hab ich schon probiert, bringt nichts",
            "du schickst mir immer denselben link",
            "ich glaube du verstehst meine frage nicht",
            "das hilft nicht, die schritte passen nicht zu dem was ich sehe",
        ],
        "repeat_contact": [
            "Ich melde mich diese Woche schon zum dritten Mal deswegen.",
            "Ich habe schon 3-mal wegen genau diesem Problem geschrieben.",
        ],
        "new_stuck": [
            "Ich bin seit letzter Woche Kunde und bekomme es einfach nicht zum Laufen.",
            "Neukunde hier, hänge seit zwei Tagen bei der Einrichtung fest.",
        ],
        "renewal_problem": [
            "Unsere Verlängerung steht bald an und das fällt ständig aus.",
            "Wir verlängern demnächst und das Problem ist für uns echt ein Thema.",
        ],
        "problem": [
            "der export bricht immer in der mitte mit einem fehler ab",
            "Die App stürzt jedes Mal ab, wenn ich den Rechnungs-Tab öffne.",
            "die synchronisation geht seit dem letzten update nicht mehr",
            "ich kann keine dateien hochladen, es lädt ewig",
        ],
        "vague_problem": [
            "irgendwas stimmt mit meinem konto nicht, kannst du mal schauen?",
            "geht schon wieder nicht",
        ],
        "sensitive": {
            "legal": [
                "Wenn das bis Freitag nicht geklärt ist, meldet sich mein Anwalt bei Ihnen.",
                "Ich werde rechtliche Schritte gegen {brand} einleiten.",
            ],
            "self_harm": [
                "ehrlich gesagt sehe ich keinen sinn mehr, ich denke daran, allem ein ende zu setzen",
                "ich halte das nicht mehr aus, ich will mir etwas antun",
            ],
            "fraud": [
                "Auf meiner Karte sind drei Abbuchungen, die ich nicht kenne. Ich glaube, meine Daten wurden gestohlen.",
                "jemand hat mit meiner karte eingekauft und das war nicht ich",
            ],
            "hijacked": [
                "Mein Konto wurde gehackt, E-Mail und Passwort wurden geändert und ich komme nicht mehr rein.",
                "mein account wurde übernommen, logins aus dem ausland",
            ],
            "gdpr": [
                "Gemäß DSGVO verlange ich die Löschung aller meiner personenbezogenen Daten.",
                "Ich möchte eine Auskunft nach Art. 15 DSGVO über alle Daten, die Sie über mich speichern.",
            ],
            "bereavement": [
                "Mein Mann ist letzten Monat verstorben und ich muss sein Konto auflösen.",
                "mein vater ist vor kurzem gestorben und sein abo wird immer noch abgebucht",
            ],
            "medical": [
                "Mein Sohn hat nach eurem Produkt eine allergische Reaktion, seine Lippen schwellen an",
                "ich habe schmerzen in der brust und erreiche niemanden",
            ],
        },
        "account_action": {
            "refund_exception": [
                "Ich weiß, die 30 Tage sind um, aber ich brauche eine Ausnahme für die Erstattung.",
                "Könnt ihr trotzdem erstatten, obwohl die Frist abgelaufen ist? Ich lag im Krankenhaus.",
            ],
            "owner_change": [
                "Ich muss den Account auf eine Kollegin übertragen, ich verlasse die Firma.",
                "bitte den kontoinhaber auf den namen meiner frau ändern",
            ],
            "dispute_charge": [
                "Ich widerspreche einer Abbuchung vom 3. März für einen Tarif, den ich gekündigt hatte.",
                "Ihr habt dieselbe Bestellung zweimal abgebucht. Ich will die doppelte Buchung zurück.",
            ],
            "hidden_data": [
                "Kannst du mir sagen, wer aus meinem Team gestern den geteilten Ordner gelöscht hat?",
                "Ich brauche die Gesprächsaufzeichnungen aus meinem Fall vom letzten Jahr.",
            ],
            "exception": [
                "Könnt ihr meine Testphase um einen Monat verlängern? Das Budget muss erst genehmigt werden.",
                "Bitte erlasst mir die Gebühr für die vorzeitige Kündigung, ich ziehe in ein Gebiet ohne Abdeckung.",
            ],
        },
    },
    # ======================================================================= PORTUGUESE
    "pt": {
        "hi": ["oi", "olá", "Bom dia", "boa tarde", "oi, uma dúvida", "Olá,"],
        "bot_hi": [
            "Olá! Eu sou {bot}, assistente virtual da {brand}. Como posso ajudar?",
            "Oi, aqui é {bot} da {brand}. Em que posso ajudar?",
            "Bem-vindo ao suporte {brand}! Como posso ajudar?",
        ],
        "bot_ack": [
            "Obrigado por entrar em contato. Pode me passar o número de referência?",
            "Sinto muito pelo transtorno. Vou verificar o que aparece na sua conta.",
            "Entendi. Desde quando isso acontece?",
            "Obrigado pelos detalhes, vou verificar agora.",
        ],
        "bot_answer": [
            "Você pode fazer isso em Configurações > Conta. Ao salvar, vale na hora.",
            "É assim: abra o app, toque no seu perfil e depois em 'Gerenciar'. A opção fica lá embaixo.",
            "Verifiquei e está tudo certo do nosso lado. Deve ficar resolvido em até 24 horas.",
            "Boa notícia: isso já está incluído no seu plano, não tem custo extra.",
            "Já atualizei. Você vai receber um e-mail de confirmação em instantes.",
        ],
        "bot_fail": [
            "Você encontra mais informações na nossa Central de Ajuda.",
            "Já tentou sair da conta e entrar de novo?",
            "Desculpe, não entendi. Pode reformular a pergunta?",
            "Dê uma olhada nas nossas perguntas frequentes, lá tem as dúvidas mais comuns.",
            "Tente limpar o cache do navegador e tentar de novo.",
        ],
        "bot_offer": [
            "Sinto muito. Quer que eu te transfira para alguém da nossa equipe?",
            "Se preferir, posso te conectar com um atendente. Posso fazer isso?",
            "Gostaria de falar com alguém do suporte sobre isso?",
        ],
        "bot_escalated": [
            "Estou te transferindo agora para um atendente, em breve alguém te responde.",
            "Pronto, transferi para um atendente humano. Tempo de espera de uns 5 minutos.",
        ],
        "agent_hi": ["Olá, aqui é a Ana do suporte. Estou lendo a conversa."],
        "system_joined": ["A atendente Ana entrou na conversa."],
        "thanks": [
            "valeu!",
            "perfeito, obrigado",
            "ok, deu certo",
            "show, obrigada",
            "Obrigado, era só isso.",
        ],
        "followup": [
            "ok, e quanto tempo leva?",
            "ótimo. dá pra fazer pelo app também?",
            "vou receber um email quando estiver pronto?",
            "beleza. tem algum custo?",
        ],
        "qa": [
            (
                "Qual o horário de atendimento?",
                "O chat funciona 24 horas e o telefone de segunda a sexta, das 8h às 20h.",
            ),
            (
                "como troco o email da minha conta?",
                "Vá em Configurações > Perfil > E-mail, informe o novo endereço e confirme pelo link enviado.",
            ),
            ("Vocês têm app pra Android?", "Temos! Procure {brand} na Google Play."),
            (
                "Onde atualizo os dados do cartão?",
                "Em Cobrança > Formas de pagamento você adiciona o cartão novo e define como padrão.",
            ),
            ("tem modo escuro?", "Tem sim, em Configurações > Aparência."),
            (
                "Como paro de receber emails de promoção?",
                "Clique em 'descadastrar' no fim de qualquer e-mail ou vá em Configurações > Notificações.",
            ),
            (
                "dá pra usar a conta em dois celulares ao mesmo tempo?",
                "Sim, em até 3 aparelhos ao mesmo tempo.",
            ),
        ],
        "req_bare": [
            "atendente",
            "quero falar com uma pessoa",
            "Posso falar com um humano?",
            "me passa pra alguém",
            "falar com atendente por favor",
            "atendimento humano",
            "Gostaria de falar com uma pessoa, por favor.",
        ],
        "req_suffix": [
            "Posso falar com alguém sobre isso?",
            "Quero falar com um atendente.",
            "Me passa pra uma pessoa, por favor.",
            "tem alguma pessoa de verdade pra falar?",
            "Quero falar com o gerente.",
            "quero um humano, não um robô",
        ],
        "req_later": [
            "posso falar com um humano por favor",
            "Quero falar com uma pessoa de verdade.",
            "me transfere pra um atendente",
            "prefiro resolver isso com uma pessoa",
            "Tem alguém da equipe com quem eu possa falar?",
            "quero falar com seu supervisor",
        ],
        "accept": ["sim, por favor", "ok, pode transferir", "sim", "pode ser", "bora", "quero sim"],
        "decline": [
            "não, obrigado, eu me viro",
            "não precisa",
            "não, só responde a pergunta",
            "Não, obrigada, prefiro resolver por aqui.",
            "agora não, valeu",
        ],
        "no_human": [
            "Não quero falar com ninguém, só me diz isso: {q}",
            "não precisa de atendente, pergunta rápida: {q}",
            "Por favor não me transfira, só preciso saber: {q}",
        ],
        "human_mention": [
            "Um atendente me disse ontem que meu plano já foi alterado. Pode confirmar se aparece o novo?",
            "Meu colega falou com alguém da equipe de vocês semana passada e já resolveu. Só quero saber onde baixo o recibo.",
        ],
        "frus_mild": [
            "aff, isso já tá ficando chato",
            "sinceramente é meio frustrante",
            "sério? não tá legal",
            "tô começando a perder a paciência",
        ],
        "frus_strong": [
            "ISSO É UM ABSURDO. Faz uma hora que estou tentando!!",
            "vocês são uns incompetentes",
            "o pior atendimento que já vi na vida",
            "Estou FURIOSO. Resolvam isso AGORA.",
            "que palhaçada de empresa",
        ],
        "sarcasm": [
            "ótimo, mais uma resposta pronta. muito útil.",
            "obrigado por nada",
            "maravilha, adoro passar a noite nisso",
            "claro, porque isso funcionou tão bem da última vez",
        ],
        "churn": [
            "Se não resolverem hoje eu cancelo e vou pra concorrência.",
            "Tô pensando seriamente em sair da {brand} por causa disso.",
        ],
        "unhelpful_user": [
            "não foi isso que eu perguntei",
            "já tentei isso, não adianta",
            "você sempre manda o mesmo link",
            "acho que você não entendeu minha pergunta",
            "isso não ajuda, os passos não batem com o que aparece aqui",
        ],
        "repeat_contact": [
            "É a terceira vez essa semana que entro em contato por isso.",
            "Já falei com vocês 3 vezes sobre exatamente isso e nada.",
        ],
        "new_stuck": [
            "Assinei semana passada e não consigo fazer nada funcionar.",
            "Cliente novo aqui, estou travado na configuração há dois dias.",
        ],
        "renewal_problem": [
            "Nossa renovação está chegando e isso não para de dar problema.",
            "Estamos pra renovar e esse problema pesa muito pra gente.",
        ],
        "problem": [
            "a exportação sempre falha no meio com um erro",
            "O app fecha toda vez que abro a aba de faturas.",
            "a sincronização parou desde a última atualização",
            "não consigo enviar nenhum arquivo, fica carregando pra sempre",
        ],
        "vague_problem": [
            "tem algo estranho na minha conta, pode olhar?",
            "parou de funcionar de novo",
        ],
        "sensitive": {
            "legal": [
                "Se isso não for resolvido até sexta, meu advogado vai entrar em contato.",
                "Vou entrar com um processo contra a {brand}.",
            ],
            "self_harm": [
                "sinceramente não vejo mais sentido em nada, tenho pensado em acabar com tudo",
                "não aguento mais, tenho vontade de me machucar",
            ],
            "fraud": [
                "Tem três compras no meu cartão que eu não reconheço, acho que clonaram.",
                "alguém fez compras com meu cartão e não fui eu",
            ],
            "hijacked": [
                "Invadiram minha conta, trocaram o email e a senha e não consigo entrar.",
                "roubaram minha conta, tem acessos de outro país",
            ],
            "gdpr": [
                "Com base na LGPD, solicito a exclusão de todos os meus dados pessoais.",
                "Quero exercer meu direito de acesso: me enviem todos os dados que vocês têm sobre mim.",
            ],
            "bereavement": [
                "Meu marido faleceu mês passado e preciso encerrar a conta dele.",
                "meu pai morreu faz pouco tempo e continuam cobrando a assinatura dele",
            ],
            "medical": [
                "Meu filho teve uma reação alérgica depois de comer o produto de vocês, os lábios estão inchando",
                "estou com dor no peito e não consigo falar com ninguém",
            ],
        },
        "account_action": {
            "refund_exception": [
                "Sei que passou o prazo de 30 dias, mas preciso de uma exceção pro reembolso.",
                "Dá pra reembolsar mesmo fora do prazo? Eu estava internado.",
            ],
            "owner_change": [
                "Preciso transferir a titularidade da conta pra uma colega, estou saindo da empresa.",
                "por favor mudem o titular da conta pro nome da minha esposa",
            ],
            "dispute_charge": [
                "Quero contestar uma cobrança de 3 de março de um plano que eu já tinha cancelado.",
                "Vocês cobraram duas vezes o mesmo pedido. Quero o estorno da cobrança duplicada.",
            ],
            "hidden_data": [
                "Pode me dizer quem da minha equipe apagou a pasta compartilhada ontem?",
                "Preciso das gravações das ligações do meu chamado do ano passado.",
            ],
            "exception": [
                "Podem estender meu teste por mais um mês? Preciso da aprovação do orçamento.",
                "Preciso que retirem a multa por cancelamento antecipado, vou me mudar pra uma área sem cobertura.",
            ],
        },
    },
}

# Incidents: internal incident text (English, as status pages write them) and how users
# hitting it describe their problem.
INCIDENTS: dict[str, dict[str, Any]] = {
    "payments": {
        "text": "INC-{n}: card payments delayed",
        "unrelated": "INC-{n}: delays sending SMS verification codes",
        "en": [
            "my card payment keeps failing at checkout",
            "Payment won't go through, tried 3 cards",
        ],
        "es": [
            "el pago con tarjeta me falla todo el rato",
            "no me deja pagar, he probado 3 tarjetas",
        ],
        "fr": [
            "le paiement par carte échoue à chaque fois",
            "impossible de payer, j'ai essayé 3 cartes",
        ],
        "de": [
            "die kartenzahlung schlägt immer fehl",
            "Zahlung geht nicht durch, 3 Karten probiert",
        ],
        "pt": ["o pagamento no cartão fica falhando", "não consigo pagar, tentei 3 cartões"],
    },
    "login": {
        "text": "INC-{n}: elevated login failures in EU region",
        "unrelated": "INC-{n}: report exports running slowly",
        "en": [
            "I can't log in, it keeps saying 'something went wrong'",
            "login fails with an error every time",
        ],
        "es": ["no puedo entrar, me sale 'algo ha ido mal'", "el login falla siempre con un error"],
        "fr": [
            "je n'arrive pas à me connecter, ça affiche 'une erreur est survenue'",
            "la connexion échoue à chaque fois",
        ],
        "de": [
            "ich kann mich nicht einloggen, es kommt immer 'etwas ist schiefgelaufen'",
            "login schlägt jedes mal fehl",
        ],
        "pt": ["não consigo entrar, aparece 'algo deu errado'", "o login dá erro toda vez"],
    },
    "sync": {
        "text": "INC-{n}: data sync delayed for some workspaces",
        "unrelated": "INC-{n}: invoice emails delayed",
        "en": [
            "my changes aren't syncing between devices since this morning",
            "data isn't syncing, laptop and phone show different things",
        ],
        "es": [
            "mis cambios no se sincronizan entre dispositivos desde esta mañana",
            "no sincroniza, el portátil y el móvil muestran cosas distintas",
        ],
        "fr": [
            "mes modifs ne se synchronisent plus entre mes appareils depuis ce matin",
            "la synchro ne se fait pas, le PC et le téléphone affichent des choses différentes",
        ],
        "de": [
            "meine änderungen synchronisieren seit heute morgen nicht",
            "sync geht nicht, laptop und handy zeigen verschiedene daten",
        ],
        "pt": [
            "minhas alterações não sincronizam entre os aparelhos desde cedo",
            "não está sincronizando, notebook e celular mostram coisas diferentes",
        ],
    },
    "notifications": {
        "text": "INC-{n}: push notifications not delivered on Android",
        "unrelated": "INC-{n}: degraded search performance",
        "en": ["I'm not getting any notifications on my Android phone since yesterday"],
        "es": ["desde ayer no me llega ninguna notificación al Android"],
        "fr": ["je ne reçois plus aucune notification sur mon Android depuis hier"],
        "de": ["seit gestern bekomme ich auf meinem android keine benachrichtigungen mehr"],
        "pt": ["desde ontem não chega nenhuma notificação no meu Android"],
    },
}

TONE: dict[str, list[str]] = {
    "en": [
        "Be friendly and concise. Use the customer's first name when you know it.",
        "Keep replies under 120 words and avoid internal jargon.",
        "Always greet the customer warmly and never use the word 'unfortunately'.",
        "Write in a calm, reassuring tone. No exclamation marks in apologies.",
        "Use plain language a 12-year-old could follow. No emojis.",
    ],
    "es": [
        "Sé cercano y breve. Tutea al cliente y usa su nombre si lo sabes.",
        "Respuestas de menos de 120 palabras, sin jerga interna.",
        "Mantén un tono tranquilo y amable. Nada de emojis.",
    ],
    "fr": [
        "Vouvoyer le client, rester chaleureux et concis.",
        "Réponses courtes (moins de 120 mots), sans jargon interne.",
        "Ton calme et rassurant. Pas d'émojis.",
    ],
    "de": [
        "Freundlich und knapp antworten. Kunden duzen und mit Vornamen ansprechen.",
        "Antworten unter 120 Wörtern, kein interner Fachjargon.",
        "Ruhiger, sachlicher Ton. Keine Emojis.",
    ],
    "pt": [
        "Seja simpático e objetivo. Chame o cliente pelo primeiro nome quando souber.",
        "Respostas com menos de 120 palavras, sem jargão interno.",
        "Tom calmo e acolhedor. Sem emojis.",
    ],
}

# Guideline templates. {cond} = clause, {np}/{Np} = noun phrase (lower/capitalised),
# {team}, {url}, {T} = formatted threshold amount.
GUIDELINE_TEMPLATES: dict[str, dict[str, list[str]]] = {
    "en": {
        "escalate": [
            "If {cond}, hand off to a human agent.",
            "If {cond}, transfer the conversation to the {team} team.",
            "When {cond}, escalate to a live agent right away. Do not try to resolve it in chat.",
            "{Np}: hand over to {team}.",
            "Always route the customer to a person when {cond}.",
        ],
        "offer": [
            "If {cond}, offer to connect them with a specialist.",
            "When {cond}, ask whether they would like to talk to someone from {team}.",
            "{Np}: offer a callback from {team}; only transfer if they say yes.",
        ],
        "continue": [
            "Never escalate {np}; point to {url}.",
            "{Np} are answered by the assistant from {url}. Do not hand these off.",
            "Do not transfer {np} to an agent, even if the customer asks. Answer them yourself.",
            "We don't escalate {np}. Explain the policy and link {url}.",
        ],
        "upper_gt": [
            "{Np} over {T} must be handed off to a human agent.",
            "{Np} above {T} need approval from {team}, so hand these off.",
        ],
        "upper_ge": ["{Np} of {T} or more go to a human agent."],
        "upper_gt_offer": ["{Np} over {T}: offer to connect the customer with {team}."],
        "lower_lt": [
            "Under {T}, the assistant processes them itself.",
            "Below {T} the assistant handles it.",
        ],
        "lower_le": [
            "For {T} or less, the assistant handles it directly.",
            "Up to {T}, the assistant can process it itself.",
        ],
    },
    "es": {
        "escalate": [
            "Si {cond}, transfiere la conversación a un agente humano.",
            "Si {cond}, pasa la conversación al equipo de {team}.",
            "Si {cond}, escala a un agente de inmediato; no intentes resolverlo en el chat.",
            "{Np}: derivar al equipo de {team}.",
        ],
        "offer": [
            "Si {cond}, ofrece ponerle en contacto con un especialista.",
            "Si {cond}, pregunta si quiere hablar con alguien del equipo de {team}.",
        ],
        "continue": [
            "Nunca escales las {np}; remite a {url}.",
            "Las {np} las responde el asistente con {url}. No las derives a un agente.",
            "No pases las {np} a un agente aunque el cliente lo pida; respóndelas tú.",
        ],
        "upper_gt": ["Las {np} de más de {T} deben pasar a un agente humano."],
        "upper_ge": ["Las {np} de {T} o más se derivan a un agente."],
        "upper_gt_offer": ["Las {np} de más de {T}: ofrece hablar con el equipo de {team}."],
        "lower_lt": ["Por debajo de {T} las tramita el propio asistente."],
        "lower_le": ["Hasta {T} (incluido) las gestiona directamente el asistente."],
    },
    "fr": {
        "escalate": [
            "Si {cond}, transférer la conversation à un conseiller.",
            "Lorsque {cond}, passer la main à l'équipe {team}.",
            "Si {cond}, escalader immédiatement vers un conseiller ; ne pas essayer de régler ça dans le chat.",
            "{Np} : transfert vers l'équipe {team}.",
        ],
        "offer": [
            "Si {cond}, proposer une mise en relation avec un spécialiste.",
            "Lorsque {cond}, demander au client s'il souhaite échanger avec l'équipe {team}.",
        ],
        "continue": [
            "Ne jamais escalader les {np} ; renvoyer vers {url}.",
            "Les {np} sont traitées par l'assistant avec {url}. Pas de transfert.",
            "Ne pas transférer les {np} à un conseiller, même si le client le demande.",
        ],
        "upper_gt": ["Les {np} de plus de {T} doivent être transférées à un conseiller."],
        "upper_ge": ["Les {np} de {T} ou plus passent à un conseiller."],
        "upper_gt_offer": ["Les {np} de plus de {T} : proposer un échange avec l'équipe {team}."],
        "lower_lt": ["En dessous de {T}, l'assistant s'en occupe lui-même."],
        "lower_le": ["Jusqu'à {T} inclus, l'assistant les traite directement."],
    },
    "de": {
        "escalate": [
            "Wenn {cond}, an einen menschlichen Mitarbeiter übergeben.",
            "Falls {cond}, das Gespräch an das Team {team} weiterleiten.",
            "Wenn {cond}, sofort an einen Mitarbeiter eskalieren; nicht im Chat lösen.",
            "{Np}: Übergabe an {team}.",
        ],
        "offer": [
            "Wenn {cond}, eine Verbindung mit einem Spezialisten anbieten.",
            "Falls {cond}, fragen, ob der Kunde mit jemandem aus dem Team {team} sprechen möchte.",
        ],
        "continue": [
            "{Np} niemals eskalieren; auf {url} verweisen.",
            "{Np} beantwortet der Assistent selbst ({url}). Nicht an Mitarbeiter weitergeben.",
            "{Np} nicht an einen Mitarbeiter übergeben, auch wenn der Kunde danach fragt.",
        ],
        "upper_gt": ["{Np} über {T} gehen an einen menschlichen Mitarbeiter."],
        "upper_ge": ["{Np} ab {T} an einen Mitarbeiter übergeben."],
        "upper_gt_offer": ["{Np} über {T}: Gespräch mit dem Team {team} anbieten."],
        "lower_lt": ["Unter {T} erledigt das der Assistent selbst."],
        "lower_le": ["Bis einschließlich {T} bearbeitet der Assistent sie selbst."],
    },
    "pt": {
        "escalate": [
            "Se {cond}, transfira para um atendente humano.",
            "Se {cond}, encaminhe a conversa para a equipe de {team}.",
            "Quando {cond}, escale para um atendente imediatamente; não tente resolver no chat.",
            "{Np}: transferir para a equipe de {team}.",
        ],
        "offer": [
            "Se {cond}, ofereça conectar com um especialista.",
            "Quando {cond}, pergunte se a pessoa quer falar com alguém da equipe de {team}.",
        ],
        "continue": [
            "Nunca escale {np}; indique {url}.",
            "{Np} são respondidas pelo assistente com {url}. Não transfira.",
            "Não transfira {np} para um atendente, mesmo que o cliente peça.",
        ],
        "upper_gt": ["{Np} acima de {T} devem ser transferidas para um atendente humano."],
        "upper_ge": ["{Np} a partir de {T} vão para um atendente."],
        "upper_gt_offer": ["{Np} acima de {T}: ofereça falar com a equipe de {team}."],
        "lower_lt": ["Abaixo de {T}, o próprio assistente resolve."],
        "lower_le": ["Até {T}, inclusive, o assistente resolve sozinho."],
    },
}
