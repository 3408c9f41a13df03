"""The facts of the demo scenario: a Chilean and Peruvian mining cluster (fictional firms)."""

from __future__ import annotations

# key: (codes, Spanish text, English text, standards typical of the line, capacity unit (a key
# of matching.units.UNITS: meals and trainees count as units and workers a month), scale)
LINES = {
    "maintenance": (["73152100", "20101700"],
                    "Mantención mecánica de chancadores, molinos y equipos de planta concentradora",
                    "Mechanical maintenance of crushers, mills and concentrator plant equipment",
                    ["iso-9001", "iso-45001", "iso-14001"], "hours_month", 4000),
    "conveyors": (["24101700", "24101715", "24101718"],
                  "Instalación, vulcanizado y reparación de correas transportadoras",
                  "Conveyor belt installation, vulcanising and repair",
                  ["iso-9001", "iso-45001"], "m_month", 2500),
    "ppe": (["46181500", "46181600", "46181700", "46182000"],
            "Suministro de elementos de protección personal: cascos, ropa, calzado de seguridad y respiradores",
            "Supply of personal protective equipment: helmets, clothing, safety footwear and respirators",
            ["iso-9001"], "units_month", 20000),
    "cleaning": (["76111500", "76111600", "76111800"],
                 "Limpieza industrial de plantas, camiones de extracción y campamentos",
                 "Industrial cleaning of plants, haul trucks and camps",
                 ["iso-14001", "iso-45001", "iso-9001"], "m2_month", 60000),
    "electrical": (["72102200", "26121600"],
                   "Obras eléctricas de media y baja tensión, tendido de cables y mantención de subestaciones",
                   "Medium and low voltage electrical works, cable laying and substation maintenance",
                   ["iso-9001", "iso-45001"], "hours_month", 3000),
    "transport": (["78101800", "78180100"],
                  "Transporte de carga por carretera de insumos mineros y concentrado",
                  "Road freight of mining supplies and concentrate",
                  ["iso-39001", "iso-9001", "basc"], "t_month", 8000),
    "laboratory": (["81141500", "41115100", "41113300"],
                   "Laboratorio químico: análisis de minerales, leyes de cobre y control de calidad",
                   "Chemical laboratory: ore assays, copper grades and quality control",
                   ["iso-17025", "iso-9001"], "samples_month", 5000),
    "welding": (["23171500", "73151700"],
                "Soldadura calificada, estructuras metálicas y revestimientos antidesgaste",
                "Certified welding, steel structures and wear-resistant liners",
                ["iso-3834", "iso-9001"], "t_month", 120),
    "catering": (["90101600", "90101700"],
                 "Alimentación y casino para faenas mineras en altura",
                 "Catering and canteen services for high-altitude mine sites",
                 ["haccp", "iso-22000"], "units_month", 45000),
    "security": (["92121500", "92121700"],
                 "Seguridad privada y vigilancia de faenas y campamentos",
                 "Private security and guard services for sites and camps",
                 ["iso-9001", "basc"], "workers_month", 80),
    "environment": (["77101500", "77101800", "41113100"],
                    "Monitoreo ambiental de calidad del aire y del agua, auditorías ambientales",
                    "Environmental monitoring of air and water quality, environmental audits",
                    ["iso-14001", "iso-17025"], "samples_month", 400),
    "training": (["86101600", "86101800"],
                 "Capacitación técnica y en seguridad para operadores y mantenedores",
                 "Technical and safety training for operators and maintainers",
                 ["nch-2728", "iso-9001"], "workers_month", 300),
}

REGIONS = {"CL": ["CL-AN", "CL-AT", "CL-TA", "CL-CO", "CL-RM"],
           "PE": ["PE-ARE", "PE-MOQ", "PE-TAC", "PE-CAJ", "PE-LIM", "PE-JUN"]}

# towns of each region: where suppliers are based and where the mines take delivery
TOWNS = {"CL-AN": ["Antofagasta", "Calama", "Mejillones", "Sierra Gorda"],
         "CL-AT": ["Copiapó", "Diego de Almagro", "Vallenar"],
         "CL-TA": ["Iquique", "Alto Hospicio", "Pozo Almonte"],
         "CL-CO": ["La Serena", "Coquimbo", "Ovalle"],
         "CL-RM": ["Santiago", "Quilicura", "Puente Alto"],
         "PE-ARE": ["Arequipa", "Cerro Colorado", "Mollendo"],
         "PE-MOQ": ["Moquegua", "Ilo", "Torata"],
         "PE-TAC": ["Tacna", "Candarave"],
         "PE-CAJ": ["Cajamarca", "Celendín"],
         "PE-LIM": ["Lima", "Callao"],
         "PE-JUN": ["Huancayo", "La Oroya"]}

NAME_PREFIX = {
    "maintenance": ["Mantenciones", "Servicios Industriales", "Ingeniería y Mantención"],
    "conveyors": ["Correas", "Vulcanizados", "Transportadores"],
    "ppe": ["Seguridad Industrial", "Protección", "Comercial EPP"],
    "cleaning": ["Limpiezas Industriales", "Aseo Industrial", "Servicios de Limpieza"],
    "electrical": ["Electricidad", "Montajes Eléctricos", "Ingeniería Eléctrica"],
    "transport": ["Transportes", "Logística", "Fletes"],
    "laboratory": ["Laboratorio", "Análisis Químicos", "Ensayos"],
    "welding": ["Maestranza", "Soldaduras", "Metalmecánica"],
    "catering": ["Alimentación", "Casinos", "Servicios de Alimentación"],
    "security": ["Seguridad", "Vigilancia", "Protección Patrimonial"],
    "environment": ["Consultora Ambiental", "Monitoreo Ambiental", "Gestión Ambiental"],
    "training": ["Capacitación", "Centro de Formación", "OTEC"],
}
PLACES = {"CL": ["del Norte", "Atacama", "Loa", "Tarapacá", "Copiapó", "Antofagasta", "Calama",
                 "Pampa", "Desierto", "Elqui", "Andina", "Pacífico"],
          "PE": ["del Sur", "Arequipa", "Moquegua", "Tacna", "Altiplano", "Misti", "Cajamarca",
                 "Andino", "Ilo", "Mantaro", "Chili", "Toquepala"]}
LEGAL_FORMS = {"CL": ["SpA", "Ltda.", "S.A.", "EIRL"], "PE": ["S.A.C.", "S.R.L.", "E.I.R.L.", "S.A."]}

LEAD_FIRMS = [
    # legal name, country, region, employees, buyer e-mail, buyer name
    ("Minera Cordillera Norte S.A.", "CL", "CL-AN", 4200, "compras@cordilleranorte.demo", "Carolina Rojas"),
    ("Compañía Minera Salar de Atacama SpA", "CL", "CL-AT", 2100, "abastecimiento@salaratacama.demo", "Rodrigo Fuentes"),
    ("Minera Andes del Sur S.A.A.", "PE", "PE-ARE", 5300, "logistica@andesdelsur.demo", "Lucía Quispe"),
    ("Southern Pacific Copper Corp.", "PE", "PE-MOQ", 3800, "procurement@southernpacific.demo", "James Whitfield"),
]

OPERATOR = ("Asociación de Proveedores Mineros del Norte", "CL", "CL-AN", 25,
            "programas@proveedoresmineros.demo", "Daniela Araya")

# requirement templates: line, Spanish title, English title, must, preferred, capacity share,
# region scope ("own" region of the buyer or whole "country"), language
REQUIREMENT_TEMPLATES = [
    ("maintenance", "Mantención mayor de chancador primario", None, ["iso-9001"], ["iso-45001"], .3, "own", "es"),
    ("conveyors", "Servicio de vulcanizado de correas transportadoras", None, ["iso-45001"], ["iso-9001"], .4, "own", "es"),
    ("ppe", "Suministro anual de EPP para 1.200 trabajadores", None, ["iso-9001"], [], .25, "country", "es"),
    ("cleaning", "Limpieza industrial de planta concentradora", None, ["iso-14001"], ["iso-45001"], .3, "own", "es"),
    ("electrical", "Mantención de subestaciones eléctricas 23 kV", None, ["iso-45001"], ["iso-9001"], .3, "own", "es"),
    ("transport", "Transporte de concentrado de cobre a puerto", None, ["iso-39001"], ["basc"], .35, "country", "es"),
    ("laboratory", "Análisis químico de muestras de exploración", None, ["iso-17025"], ["iso-9001"], .3, "country", "es"),
    ("welding", "Fabricación de revestimientos antidesgaste para chutes", None, ["iso-3834"], ["iso-9001"], .3, "own", "es"),
    ("catering", "Servicio de alimentación para campamento de 800 personas", None, ["haccp"], ["iso-22000"], .4, "own", "es"),
    ("security", "Vigilancia de instalaciones y control de accesos", None, [], ["basc"], .3, "own", "es"),
    ("environment", "Monitoreo de calidad del aire en zona de influencia", None, ["iso-17025"], ["iso-14001"], .3, "own", "es"),
    ("training", "Capacitación de operadores de equipos de extracción", None, [], ["nch-2728"], .3, "country", "es"),
    ("maintenance", None, "Shutdown maintenance of SAG mill and ball mills", ["iso-9001", "iso-45001"], ["iso-14001"], .4, "own", "en"),
    ("conveyors", None, "Overland conveyor belt replacement and splicing", ["iso-9001"], ["iso-45001"], .5, "own", "en"),
    ("electrical", None, "Cable laying for the new tailings pumping station", ["iso-9001"], ["iso-45001"], .3, "own", "en"),
    ("laboratory", None, "Independent assay laboratory for grade control", ["iso-17025"], [], .3, "country", "en"),
    ("cleaning", None, "Haul truck washing and camp cleaning services", [], ["iso-14001", "iso-45001"], .3, "own", "en"),
    ("ppe", "Ropa de trabajo ignífuga y calzado de seguridad", None, [], ["iso-9001"], .3, "country", "es"),
    ("transport", "Transporte de insumos (reactivos y bolas de molienda)", None, ["iso-9001"], ["iso-39001"], .3, "country", "es"),
    ("welding", "Reparación de estructuras metálicas de correas", None, ["iso-9001"], ["iso-3834"], .3, "own", "es"),
    ("environment", None, "Water quality monitoring of the river basin", ["iso-14001"], ["iso-17025"], .3, "own", "en"),
    ("catering", "Casino y alimentación turno 7x7", None, ["haccp"], [], .3, "own", "es"),
    ("security", None, "Access control and site security for the port terminal", ["basc"], ["iso-9001"], .3, "own", "en"),
    ("training", "Programa de formación de mantenedores eléctricos", None, ["nch-2728"], [], .3, "country", "es"),
    ("maintenance", "Mantención predictiva de bombas de relave", None, ["iso-9001"], ["iso-45001"], .3, "own", "es"),
]
