"""The demo organisation: its departments, contact points, people and customers' words.

Plain data, read by `manage.py seed_demo`. The numbers shape the figures the
dashboards will show, so each one says what story it tells: a few excellent
and a few struggling representatives, claims below their target, one contact
point improving slowly, one that dipped for a few weeks, one retired.
"""

from __future__ import annotations

from dataclasses import dataclass

DEPARTMENTS = ["Sales", "Support", "Billing", "Field service", "Reception"]

# The login printed at the end of the run; every demo account shares it.
DEMO_PASSWORD = "demo"

# The period the demo contacts cover, ending today.
PERIOD_DAYS = 180


@dataclass(frozen=True)
class ChannelProfile:
    """How contacts on one channel go: their length, their days, how the rating is asked."""

    duration_minutes: tuple[int, int, int]  # shortest, longest, most common
    weekday_weights: tuple[float, ...]  # Monday … Sunday
    # Share of contacts whose rating is asked the contact point's usual way (its
    # rating method: the channel's default or its own), entered by staff with
    # the customer present, and not asked for at all (no time, wrong moment).
    ask_weights: tuple[float, float, float]
    # The customer is in front of the representative: a link is shown as a QR
    # code, not read out or texted, and far more people follow it.
    in_person: bool = False


# Phones and counters work a short Saturday; visits and claims are weekday work.
_OFFICE_WEEK = (1.15, 1.05, 1.0, 1.0, 0.85, 0.0, 0.0)
_SHOP_WEEK = (1.0, 0.95, 0.95, 1.0, 1.1, 0.6, 0.0)
_PHONE_WEEK = (1.2, 1.05, 1.0, 1.0, 0.85, 0.2, 0.05)

CHANNEL_PROFILES: dict[str, ChannelProfile] = {
    "Phone call": ChannelProfile((2, 25, 6), _PHONE_WEEK, (0.75, 0.15, 0.1)),
    "Visit": ChannelProfile((20, 150, 55), _OFFICE_WEEK, (0.75, 0.15, 0.1), in_person=True),
    "Claim": ChannelProfile((5, 45, 15), _OFFICE_WEEK, (0.85, 0.05, 0.1)),
    "Technical request": ChannelProfile((10, 90, 25), _OFFICE_WEEK, (0.85, 0.05, 0.1)),
    "E-mail": ChannelProfile((3, 30, 8), _PHONE_WEEK, (0.9, 0.0, 0.1)),
    "In-store": ChannelProfile((3, 30, 8), _SHOP_WEEK, (0.75, 0.1, 0.15), in_person=True),
}

# Share of asked customers who answer, by the way they are asked: on the spot
# nearly all do, a link shown in person about half, an e-mail about a third.
# "remote link": a link read out or texted to a caller without an e-mail address.
RESPONSE_RATE = {"staff": 0.95, "kiosk": 0.9, "link": 0.55, "remote link": 0.25, "email": 0.35}

# Local hour of the day → relative number of contacts: a morning peak, a lunch dip.
HOUR_WEIGHTS = {
    8: 0.4,
    9: 1.0,
    10: 1.3,
    11: 1.3,
    12: 1.1,
    13: 0.6,
    14: 0.7,
    15: 1.0,
    16: 1.0,
    17: 0.8,
    18: 0.4,
    19: 0.15,
    20: 0.05,
}


@dataclass(frozen=True)
class DemoContactPoint:
    name: str
    department: str
    channel: str
    purpose: str
    standard: tuple[str, ...]
    target_csat: int
    topic: str  # which customer comments and notes fit it
    volume: float  # relative share of all contacts
    mean_score: float  # where the customers' perception centres, on the 1–5 scale
    prospect_share: float = 0.03
    asks_effort: bool = False
    trend: float = 0.0  # change of the mean from the oldest contact to today
    dip: tuple[int, int, float] | None = None  # (from days ago, until days ago, change of the mean)
    retired_days_ago: int | None = None
    rating_method: str = ""  # empty: the channel's default


CONTACT_POINTS = [
    DemoContactPoint(
        name="New customer enquiry",
        department="Sales",
        channel="Phone call",
        purpose="A prospect calls to learn what we offer; we find out what they need and propose a next step.",
        standard=(
            "Answer within three rings and say your name",
            "Ask what the customer needs before presenting anything",
            "Offer a quote or a showroom appointment",
            "Send a written summary the same day",
        ),
        target_csat=80,
        topic="sales",
        volume=10,
        mean_score=4.55,
        prospect_share=0.6,
    ),
    DemoContactPoint(
        name="Showroom visit",
        department="Sales",
        channel="In-store",
        purpose="A customer comes to the showroom to see and compare products with an adviser.",
        standard=(
            "Greet the customer within one minute",
            "Show at least two options that fit the stated need",
            "Give prices and delivery dates in writing",
            "Thank the customer and offer a follow-up call",
        ),
        target_csat=85,
        topic="sales",
        volume=6,
        mean_score=4.65,
        prospect_share=0.45,
        # The adviser shows the QR code on their tablet rather than handing it over.
        rating_method="link",
    ),
    DemoContactPoint(
        name="Quote follow-up",
        department="Sales",
        channel="E-mail",
        purpose="We answer questions about a quote we sent and help the customer decide.",
        standard=(
            "Reply within one working day",
            "Answer every question asked, in the order asked",
            "Attach the updated quote when anything changes",
        ),
        target_csat=75,
        topic="sales",
        volume=4,
        mean_score=4.35,
        prospect_share=0.5,
    ),
    DemoContactPoint(
        name="Technical helpline",
        department="Support",
        channel="Phone call",
        purpose="Customers call with a problem with a product they bought; we solve it on the phone or book a visit.",
        standard=(
            "Answer within three rings and say your name",
            "Confirm the product and the problem before troubleshooting",
            "Explain each step in plain words",
            "Summarise the solution, or the next step and its date",
            "Never end the call without a way forward",
        ),
        target_csat=80,
        topic="support",
        volume=14,
        mean_score=4.45,
        asks_effort=True,
        # Half the team was away on the same training course for four weeks:
        # longer waits, and the customers felt it.
        dip=(70, 42, -0.8),
    ),
    DemoContactPoint(
        name="Remote assistance request",
        department="Support",
        channel="Technical request",
        purpose="A technician connects to the customer's device or guides them by video to fix a problem.",
        standard=(
            "Call the customer back within four working hours",
            "Ask for permission before connecting to their device",
            "Check with the customer that the problem is gone",
        ),
        target_csat=75,
        topic="support",
        volume=6,
        mean_score=4.35,
    ),
    DemoContactPoint(
        name="Support by e-mail",
        department="Support",
        channel="E-mail",
        purpose="Written answers to technical questions that do not need a call.",
        standard=(
            "Reply within one working day",
            "Use the customer's own words for the problem",
            "Give numbered steps and one contact for follow-up",
        ),
        target_csat=75,
        topic="support",
        volume=6,
        mean_score=4.25,
    ),
    DemoContactPoint(
        name="Invoice query",
        department="Billing",
        channel="Phone call",
        purpose="Customers ask about an invoice they do not understand or think is wrong.",
        standard=(
            "Find the invoice while the customer is on the line",
            "Explain each line the customer asks about",
            "Correct a mistake on the spot, or say when it will be corrected",
            "Confirm the outcome by e-mail",
        ),
        target_csat=80,
        topic="billing",
        volume=10,
        mean_score=4.25,
        # Clearer invoices were introduced over the period; the perception follows slowly.
        trend=0.9,
    ),
    DemoContactPoint(
        name="Billing claim",
        department="Billing",
        channel="Claim",
        purpose="A formal claim about a charge; we investigate, decide and tell the customer why.",
        standard=(
            "Acknowledge the claim within one working day",
            "Name one person who owns the claim until it is closed",
            "Decide within ten working days",
            "Explain the decision and what the customer can do next",
        ),
        target_csat=70,
        topic="claim",
        volume=3,
        mean_score=3.75,
        asks_effort=True,
    ),
    DemoContactPoint(
        name="Payment plan request",
        department="Billing",
        channel="E-mail",
        purpose="Customers who cannot pay at once ask to spread a payment.",
        standard=(
            "Reply within one working day, without judgement",
            "Offer the plans the customer qualifies for",
            "Confirm the agreed plan in writing",
        ),
        target_csat=80,
        topic="billing",
        volume=3,
        mean_score=4.45,
    ),
    DemoContactPoint(
        name="On-site repair",
        department="Field service",
        channel="Visit",
        purpose="A technician repairs a product at the customer's home or premises.",
        standard=(
            "Arrive within the agreed two-hour slot, or call before it starts",
            "Show identification and explain what you will do",
            "Leave the place as clean as you found it",
            "Test the repair with the customer before leaving",
        ),
        target_csat=85,
        topic="field",
        volume=6,
        mean_score=4.65,
    ),
    DemoContactPoint(
        name="Installation visit",
        department="Field service",
        channel="Visit",
        purpose="A technician installs a new product and shows the customer how to use it.",
        standard=(
            "Confirm the appointment the day before",
            "Protect floors and furniture before starting",
            "Show the customer the main functions",
            "Take the packaging away",
        ),
        target_csat=85,
        topic="field",
        volume=4,
        mean_score=4.75,
        prospect_share=0.0,
    ),
    DemoContactPoint(
        name="Repair complaint",
        department="Field service",
        channel="Claim",
        purpose="A customer complains about a repair or a visit; we put it right.",
        standard=(
            "Call the customer back the same day",
            "Listen to the whole complaint before answering",
            "Offer a new visit within three working days",
        ),
        target_csat=70,
        topic="claim",
        volume=2,
        mean_score=3.65,
        prospect_share=0.0,
    ),
    DemoContactPoint(
        name="Front desk welcome",
        department="Reception",
        channel="In-store",
        purpose="Everyone who walks in is welcomed and taken to the right person.",
        standard=(
            "Greet every visitor within thirty seconds",
            "Ask the visitor's name and use it",
            "Take the visitor to the right person, never just point",
        ),
        target_csat=90,
        topic="reception",
        volume=8,
        mean_score=4.75,
        prospect_share=0.3,
    ),
    DemoContactPoint(
        name="Parcel and document pick-up",
        department="Reception",
        channel="In-store",
        purpose="Customers collect spare parts, parcels and signed documents at the desk.",
        standard=(
            "Check the customer's identity and the order number",
            "Hand over the item within five minutes",
            "Ask whether anything else is needed",
        ),
        target_csat=85,
        topic="reception",
        volume=4,
        mean_score=4.65,
    ),
    DemoContactPoint(
        name="Switchboard",
        department="Reception",
        channel="Phone call",
        purpose="The main number: callers are put through to the right person or a message is taken.",
        standard=(
            "Answer within three rings with the organisation's name",
            "Put the caller through, or take a message with a call-back time",
            "Never transfer a caller more than once",
        ),
        target_csat=80,
        topic="reception",
        volume=6,
        mean_score=4.35,
        prospect_share=0.2,
    ),
    DemoContactPoint(
        name="Cash payment desk",
        department="Billing",
        channel="In-store",
        purpose="Customers paid invoices in cash at the counter. Closed when payments moved to direct debit.",
        standard=(
            "Count the cash in front of the customer",
            "Give a printed receipt",
            "Offer direct debit for the next invoice",
        ),
        target_csat=80,
        topic="billing",
        volume=5,
        mean_score=4.35,
        retired_days_ago=75,
    ),
]


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str
    department: str | None
    # How far this person's customers' scores sit from the contact point's usual
    # ones. None: an ordinary representative, given a small random spread.
    skill: float | None = None
    # A struggling representative who was trained: from this many days ago on,
    # their skill is `skill_after_training`.
    trained_days_ago: int | None = None
    skill_after_training: float = 0.0
    # How well they ask for the rating, added to the log-odds of the customer
    # answering. None: an ordinary representative, given a small random spread.
    asking: float | None = None
    # The language Moments speaks to them (User.language); empty follows their browser.
    language: str = ""

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


ADMIN = DemoPerson("admin", "Alex", "Morgan", None)

# username → (person, the departments they manage). The Support manager also
# runs Field service, to show a manager with two departments.
MANAGERS = [
    (DemoPerson("manager.sales", "Raquel", "Domínguez", "Sales"), ["Sales"]),
    (DemoPerson("manager", "Manuel", "Torres", "Support"), ["Support", "Field service"]),
    (DemoPerson("manager.billing", "Beatriz", "Santos", "Billing"), ["Billing"]),
    (DemoPerson("manager.reception", "Víctor", "León", "Reception"), ["Reception"]),
]

# The printed staff login is `staff`, an ordinary, slightly above average
# representative in Support.
REPRESENTATIVES = [
    DemoPerson("lucia.fernandez", "Lucía", "Fernández", "Sales", skill=0.7, asking=0.7, language="es"),
    DemoPerson("daniel.ortega", "Daniel", "Ortega", "Sales"),
    DemoPerson("marta.gil", "Marta", "Gil", "Sales"),
    DemoPerson("pedro.sousa", "Pedro", "Sousa", "Sales"),
    DemoPerson("emma.walsh", "Emma", "Walsh", "Sales"),
    DemoPerson("javier.romero", "Javier", "Romero", "Sales", skill=-0.5, asking=-0.6),
    DemoPerson("staff", "Sofía", "Navarro", "Support", skill=0.15),
    DemoPerson("ana.silva", "Ana", "Silva", "Support"),
    DemoPerson("hugo.martin", "Hugo", "Martín", "Support", skill=-0.9, asking=-0.9),
    DemoPerson("laura.castro", "Laura", "Castro", "Support"),
    DemoPerson("omar.haddad", "Omar", "Haddad", "Support", asking=0.8),
    DemoPerson("nattaya.srisuk", "ณัฐยา", "ศรีสุข", "Support", language="th"),
    DemoPerson("tomas.ruiz", "Tomás", "Ruiz", "Billing", skill=-1.0, trained_days_ago=45, skill_after_training=-0.1),
    DemoPerson("carmen.delgado", "Carmen", "Delgado", "Billing", language="es"),
    DemoPerson("nuno.pereira", "Nuno", "Pereira", "Billing"),
    DemoPerson("elena.marin", "Elena", "Marín", "Billing"),
    DemoPerson("grace.miller", "Grace", "Miller", "Billing"),
    DemoPerson("pablo.serrano", "Pablo", "Serrano", "Billing"),
    DemoPerson("jorge.molina", "Jorge", "Molina", "Field service"),
    DemoPerson("rui.costa", "Rui", "Costa", "Field service", skill=0.6),
    DemoPerson("alberto.cano", "Alberto", "Cano", "Field service"),
    DemoPerson("diego.fuentes", "Diego", "Fuentes", "Field service", language="es"),
    DemoPerson("sara.lozano", "Sara", "Lozano", "Field service"),
    DemoPerson("mateo.prieto", "Mateo", "Prieto", "Field service"),
    DemoPerson("paula.herrera", "Paula", "Herrera", "Reception"),
    DemoPerson("claire.dubois", "Claire", "Dubois", "Reception", skill=0.6, asking=1.0),
    DemoPerson("ines.rubio", "Inés", "Rubio", "Reception"),
    DemoPerson("lucas.mendez", "Lucas", "Méndez", "Reception", skill=-0.8),
    DemoPerson("nadia.benali", "Nadia", "Benali", "Reception"),
    DemoPerson("somchai.boonma", "สมชาย", "บุญมา", "Reception", language="th"),
]

# Share of a contact point's contacts handled by someone from another
# department: reception answers an invoice question, a technician a sales one.
OTHER_DEPARTMENT_SHARE = 0.12

OUTCOME_WEIGHTS = {
    # resolved, follow-up needed, referred, unresolved
    "default": (0.78, 0.12, 0.06, 0.04),
    "claim": (0.5, 0.3, 0.08, 0.12),
    "field": (0.8, 0.13, 0.02, 0.05),
}
# How an outcome moves the customer's judgement on the 1–5 scale.
OUTCOME_EFFECT = {"resolved": 0.0, "follow_up": -0.35, "referred": -0.2, "unresolved": -1.1}

# Customers: a quarter prospects; most current customers have a CRM number.
PROSPECT_SHARE = 0.25
WITH_EMAIL_SHARE = 0.85
WITH_PHONE_SHARE = 0.45
CURRENT_WITH_REF_SHARE = 0.7
BUSINESS_SHARE = 0.15

FIRST_NAMES = [
    "Adrián", "Alba", "Alicia", "Andrés", "Antonio", "Beatriz", "Carlos", "Carolina", "Cristina", "David",
    "Elena", "Eva", "Fernando", "Francisco", "Hannah", "Isabel", "James", "João", "Jorge", "José",
    "Juan", "Julia", "Lara", "Leire", "Luis", "Manuel", "María", "Mariana", "Miguel", "Mohamed",
    "Noelia", "Olivia", "Patricia", "Pierre", "Raúl", "Sergio", "Silvia", "Sophie", "Teresa", "Yolanda",
]  # fmt: skip
LAST_NAMES = [
    "Álvarez", "Blanco", "Brown", "Calvo", "Cruz", "Díaz", "Duarte", "Esteban", "Ferreira", "Flores",
    "García", "Gómez", "González", "Gutiérrez", "Hernández", "Iglesias", "Jiménez", "Kowalski", "López",
    "Marín", "Martínez", "Medina", "Moreno", "Muñoz", "Núñez", "Oliveira", "Ortiz", "Pérez", "Ramírez",
    "Ramos", "Rodríguez", "Romero", "Sánchez", "Santos", "Schmidt", "Suárez", "Torres", "Vázquez",
]  # fmt: skip
# The language each customer is asked in (Customer.language), and its share:
# English and Spanish customers have the names above, Thai ones the names below.
CUSTOMER_LANGUAGES = {"en-gb": 0.4, "es": 0.4, "th": 0.2}
THAI_FIRST_NAMES = [
    "สมชาย", "สมศักดิ์", "ก้อง", "น้ำทิพย์", "วิไลวรรณ", "ณัฐพล", "ปิยะนุช", "ธนากร", "สุภาพร", "อนุชา",
    "กาญจนา", "วีระพงษ์", "พิมพ์ชนก", "ชัยวัฒน์", "ศิริพร", "ธิดารัตน์",
]  # fmt: skip
THAI_LAST_NAMES = [
    "ใจดี", "รุ่งเรือง", "แก้วมณี", "ศรีสุข", "บุญมา", "วงศ์สวัสดิ์", "ทองดี", "สุขสวัสดิ์", "พรหมมา",
    "จันทร์เพ็ญ", "เจริญผล", "ศักดิ์สิทธิ์",
]  # fmt: skip
THAI_NAMES = (THAI_FIRST_NAMES, THAI_LAST_NAMES)
BUSINESS_KINDS = [
    "Bakery", "Dental Clinic", "Hardware", "Logistics", "Architects", "Café", "Pharmacy", "Garage",
    "Hotel", "Bookshop", "Flowers", "Gym",
]  # fmt: skip
EMAIL_DOMAINS = ["example.com", "example.org"]
# Numbers the UK regulator reserves for drama: they reach nobody.
PHONE_PREFIXES = ["07700 900", "020 7946 0"]

# Notes a representative leaves when the contact did not simply end well.
NOTES = {
    "follow_up": [
        "Promised a call back tomorrow morning.",
        "Waiting for the customer to send a photo of the problem.",
        "Customer will confirm by e-mail; reminder set for Friday.",
        "Needs the manager's approval; told the customer to expect an answer this week.",
    ],
    "referred": [
        "Passed to Billing with the invoice number.",
        "Booked a technician visit.",
        "Referred to the sales adviser who prepared the quote.",
        "Handed over to the claims team.",
    ],
    "unresolved": [
        "Part on back order, no date from the supplier yet.",
        "Customer disagreed with our answer and hung up.",
        "Could not reproduce the problem.",
        "Outside what we can offer; explained the alternatives.",
    ],
}

# Customers' own words, by kind of contact and by how it went. "{name}" is the
# representative's first name, which is all a customer sees of them.
COMMENTS: dict[str, dict[str, list[str]]] = {
    "sales": {
        "bad": [
            "Nobody could tell me the price without calling me back, and nobody did.",
            "I felt pushed to buy something I did not ask for.",
            "Waited twenty minutes in the showroom before anyone noticed me.",
            "The quote still had the wrong model after I asked twice.",
            "Very rude. I will look elsewhere.",
        ],
        "middle": [
            "Fine, but I still need to compare with other offers.",
            "Friendly, although the delivery date is vague.",
            "Got the information, took a bit long.",
        ],
        "good": [
            "{name} listened and found exactly what I needed.",
            "Clear prices, no pressure. Thank you!",
            "Best buying advice I have had in years.",
            "{name} sent the summary within the hour, very professional.",
            "Felt welcome from the moment I walked in.",
        ],
    },
    "support": {
        "bad": [
            "Forty minutes on hold and the problem is still there.",
            "I had to explain everything again from the start.",
            "They told me to switch it off and on again and that was it.",
            "Promised a call back that never came.",
            "I was transferred three times.",
        ],
        "middle": [
            "Solved in the end, but it took several attempts.",
            "OK, though the instructions were hard to follow.",
            "Helpful, but I would have liked a written summary.",
        ],
        "good": [
            "{name} fixed it in five minutes. Brilliant.",
            "Patient and clear, explained every step.",
            "Finally someone who understood the problem straight away.",
            "{name} stayed on the line until it worked.",
            "Fast and friendly, thank you so much.",
        ],
    },
    "billing": {
        "bad": [
            "Nobody could explain why my invoice went up.",
            "I was told it would be corrected; it was not.",
            "Felt like I was being accused of not paying.",
            "Impossible to get a straight answer about the charges.",
        ],
        "middle": [
            "Understood the invoice in the end.",
            "Correction promised, we will see.",
            "Polite, but it took a while to find my account.",
        ],
        "good": [
            "{name} went through every line with me. Now it makes sense.",
            "The mistake was corrected while I was on the phone.",
            "Understanding and helpful about spreading the payment.",
            "Quick, clear and friendly.",
        ],
    },
    "claim": {
        "bad": [
            "Three weeks and still no decision on my claim.",
            "The answer ignored half of what I wrote.",
            "Nobody takes responsibility, I keep getting a different person.",
            "Rejected without a real explanation.",
            "I will take this to the consumer office.",
        ],
        "middle": [
            "Claim accepted, but it took far too long.",
            "At least I know what happens next.",
            "The decision is fair, the process was slow.",
        ],
        "good": [
            "{name} kept me informed at every step.",
            "Resolved faster than I expected, and fairly.",
            "Thank you for taking my complaint seriously.",
        ],
    },
    "field": {
        "bad": [
            "The technician came three hours late without calling.",
            "Left a mess in the kitchen.",
            "The same fault came back the next day.",
            "Came without the part, so another visit is needed.",
        ],
        "middle": [
            "Repaired, but the slot was longer than promised.",
            "Good work, little explanation.",
            "Fine, had to take a morning off for it though.",
        ],
        "good": [
            "{name} was on time, tidy and explained everything.",
            "Installed and working in under an hour, spotless.",
            "Very professional, even showed me how to avoid the fault.",
            "Called ahead, arrived on time, fixed it first time.",
        ],
    },
    "reception": {
        "bad": [
            "Nobody at the desk for ten minutes.",
            "I was sent to the wrong floor.",
            "The call was cut when they put me through.",
            "My parcel could not be found although I had the notice.",
        ],
        "middle": [
            "Fine, a bit of a queue.",
            "Got what I came for.",
            "Friendly, the wait was long.",
        ],
        "good": [
            "{name} greeted me by name, lovely welcome.",
            "Took me straight to the right person.",
            "Quick and friendly as always.",
            "Such a warm welcome, thank you.",
        ],
    },
}

# What Spanish- and Thai-speaking customers write, in their own language, by how it went.
COMMENTS_IN = {
    "es": {
        "bad": [
            "Nadie me supo dar una respuesta y tuve que llamar tres veces.",
            "Me dejaron esperando más de veinte minutos sin ninguna explicación.",
            "Me prometieron una llamada que nunca llegó.",
            "Muy mala atención, parecía que les molestaba que preguntara.",
        ],
        "middle": [
            "Bien, aunque tardaron un poco.",
            "Me resolvieron lo básico, lo demás quedó pendiente.",
            "Correcto, sin más.",
        ],
        "good": [
            "{name} fue muy amable y me lo resolvió en el momento.",
            "Excelente atención, rápida y con mucha paciencia.",
            "Me explicaron todo con claridad, ¡muchas gracias!",
            "Da gusto que te atiendan así, {name} es un sol.",
        ],
    },
    "th": {
        "bad": [
            "รอสายนานมาก แล้วก็ไม่มีใครช่วยแก้ปัญหาได้เลย",
            "บอกว่าจะโทรกลับ แต่ก็ไม่มีใครโทรมา",
            "พนักงานพูดไม่สุภาพ รู้สึกไม่ประทับใจเลย",
            "ต้องอธิบายเรื่องเดิมซ้ำหลายรอบ เสียเวลามาก",
        ],
        "middle": [
            "โดยรวมก็โอเค แต่รอนานไปหน่อย",
            "ได้คำตอบบางส่วน ที่เหลือยังต้องรอ",
            "ก็ปกติ ไม่มีอะไรพิเศษ",
        ],
        "good": [
            "คุณ{name}บริการดีมาก แก้ปัญหาให้ได้ทันที ขอบคุณค่ะ",
            "ประทับใจมาก รวดเร็วและเป็นกันเอง",
            "อธิบายชัดเจน เข้าใจง่าย ขอบคุณครับ",
            "บริการดีเยี่ยม จะกลับมาใช้บริการอีกแน่นอน",
        ],
    },
}

# How likely a customer is to add words to their score: the extremes talk.
COMMENT_RATE = {1: 0.6, 2: 0.35, 3: 0.12, 4: 0.12, 5: 0.55}
