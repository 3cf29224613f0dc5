/**
 * Fixed lists for the demo council, the London Borough of Northbridge (fictional): people's
 * names, the organisation tree and job titles. Organisations are named by `ref`, which becomes
 * their `external_ref` (requirements.ts refers to them by it).
 */

export const GIVEN_NAMES: readonly string[] = [
  "Aaliyah", "Abdul", "Abigail", "Ada", "Adam", "Adebola", "Adriana", "Ahmed", "Aisha", "Alan",
  "Aleksandra", "Alex", "Alice", "Alison", "Amal", "Amara", "Amelia", "Amir", "Andrew", "Angela",
  "Anita", "Ann", "Anthony", "Arjun", "Asif", "Ayesha", "Barbara", "Ben", "Bernadette", "Bilal",
  "Bogdan", "Callum", "Carla", "Carlos", "Caroline", "Catherine", "Charlotte", "Chidi", "Chloe",
  "Chris", "Claire", "Connor", "Daniel", "Darren", "David", "Deborah", "Deepa", "Declan", "Denise",
  "Dominika", "Ebony", "Eilidh", "Elena", "Elif", "Elizabeth", "Ellie", "Emeka", "Emily", "Emma",
  "Eric", "Esther", "Fatima", "Femi", "Fiona", "Francesca", "Gareth", "Gemma", "George", "Grace",
  "Hamza", "Hannah", "Harpreet", "Harry", "Hassan", "Helen", "Ibrahim", "Imran", "Ines", "Isaac",
  "Isabel", "Jack", "Jacob", "Jade", "James", "Jasmine", "Jason", "Jennifer", "Joanna", "John",
  "Jonathan", "Joseph", "Joy", "Julie", "Kamala", "Karen", "Karim", "Kate", "Kavita", "Kayode",
  "Keisha", "Kelly", "Kevin", "Kwame", "Laura", "Leah", "Lee", "Leon", "Lily", "Lisa", "Liam",
  "Lucy", "Luke", "Magdalena", "Maria", "Mark", "Marta", "Martin", "Mary", "Matthew", "Maya",
  "Mehmet", "Michael", "Michelle", "Mohamed", "Mohammed", "Monica", "Nadia", "Naomi", "Natasha",
  "Nathan", "Neil", "Nicola", "Nikhil", "Nkechi", "Noah", "Nuala", "Olivia", "Olumide", "Omar",
  "Oscar", "Patrick", "Paul", "Paula", "Peter", "Piotr", "Precious", "Priya", "Rachel", "Rahul",
  "Rebecca", "Reuben", "Richard", "Rita", "Robert", "Rosa", "Ruth", "Ryan", "Sabrina", "Sadia",
  "Samuel", "Sandra", "Sara", "Sarah", "Sean", "Shabnam", "Sharon", "Simon", "Sinead", "Sophie",
  "Stephen", "Sunita", "Susan", "Tariq", "Teresa", "Thomas", "Tom", "Tomasz", "Tunde", "Usha",
  "Victoria", "Vikram", "Wei", "Yasmin", "Yusuf", "Zainab", "Zara", "Zoe",
];

export const FAMILY_NAMES: readonly string[] = [
  "Abbott", "Adeyemi", "Ahmed", "Akhtar", "Ali", "Allen", "Anderson", "Appiah", "Asante", "Atkinson",
  "Bailey", "Baker", "Banerjee", "Barker", "Begum", "Bell", "Bennett", "Bhatt", "Bianchi", "Bishop",
  "Boateng", "Bowen", "Brennan", "Brown", "Burke", "Campbell", "Carter", "Chambers", "Chaudhry",
  "Chen", "Clarke", "Cole", "Collins", "Cooper", "Costa", "Cox", "Crawford", "Da Silva", "Davies",
  "Dawson", "Demir", "Desai", "Doherty", "Doyle", "Edwards", "Ellis", "Evans", "Farah", "Ferreira",
  "Fisher", "Fitzgerald", "Fletcher", "Foster", "Francis", "Gallagher", "Ghosh", "Gill", "Gordon",
  "Graham", "Grant", "Green", "Greenwood", "Gupta", "Hall", "Hamilton", "Harris", "Hassan", "Hayes",
  "Henry", "Hill", "Hughes", "Hussain", "Ibrahim", "Iqbal", "Jackson", "James", "Jenkins", "Johnson",
  "Jones", "Joseph", "Kaur", "Kelly", "Kennedy", "Khan", "King", "Kowalski", "Kumar", "Lewis", "Li",
  "Lopez", "Lynch", "Mahmood", "Malik", "Marshall", "Martin", "Mason", "McCarthy", "McDonald",
  "Mensah", "Miah", "Miller", "Mitchell", "Moore", "Morgan", "Morris", "Murphy", "Murray", "Nowak",
  "Nwosu", "O'Brien", "O'Connor", "O'Neill", "Obi", "Okafor", "Okonkwo", "Oliveira", "Osei",
  "Owusu", "Palmer", "Parker", "Patel", "Pearson", "Phillips", "Popescu", "Price", "Quinn", "Rahman",
  "Reid", "Richards", "Roberts", "Robinson", "Rossi", "Russell", "Santos", "Scott", "Shah", "Sharma",
  "Simpson", "Singh", "Smith", "Stewart", "Sullivan", "Taylor", "Thomas", "Thompson", "Turner",
  "Uddin", "Walker", "Walsh", "Ward", "Watson", "White", "Williams", "Wilson", "Wong", "Wood",
  "Wright", "Yilmaz", "Young", "Zielinski",
];

/** A unit whose staff are generated: a council service or a contractor company. */
export interface UnitSpec {
  ref: string;
  name: string;
  /** Job title of the person who runs it. */
  head: string;
  /** One team manager per title, reporting to the head. */
  teamManagers: string[];
  frontlineTitles: string[];
  officeTitles: string[];
  /** Headcount including the head and team managers. */
  size: number;
  /** Share of the other staff who are frontline. */
  frontlineShare: number;
  /** Staff (other than team managers) who report straight to the head; default about 15%. */
  directReports?: number;
}

export interface DirectorateSpec {
  ref: string;
  name: string;
  director: string;
  services: UnitSpec[];
}

export const COUNCIL = {
  ref: "LBN",
  name: "London Borough of Northbridge",
  emailDomain: "northbridge.example",
  chiefExecutive: "Chief Executive",
} as const;

export const DIRECTORATES: readonly DirectorateSpec[] = [
  {
    ref: "LBN-CF",
    name: "Children and Families",
    director: "Corporate Director, Children and Families",
    services: [
      {
        ref: "LBN-CF-AI",
        name: "Children's Social Care: Assessment and Intervention",
        head: "Head of Assessment and Intervention",
        teamManagers: ["Team Manager, Multi-Agency Safeguarding Hub", "Team Manager, Assessment", "Team Manager, Child Protection"],
        frontlineTitles: ["Social Worker", "Senior Social Worker", "Advanced Practitioner", "Family Support Worker", "MASH Coordinator"],
        officeTitles: ["Business Support Officer", "Practice Improvement Officer"],
        size: 23,
        frontlineShare: 0.85,
      },
      {
        ref: "LBN-CF-EH",
        name: "Early Help and Family Support",
        head: "Head of Early Help",
        teamManagers: ["Family Hub Manager (North)", "Family Hub Manager (South)"],
        frontlineTitles: ["Early Help Practitioner", "Family Support Worker", "Parenting Practitioner", "Family Hub Coordinator"],
        officeTitles: ["Business Support Officer", "Early Help Data Officer"],
        size: 17,
        frontlineShare: 0.8,
      },
      {
        ref: "LBN-CF-CIC",
        name: "Children in Care and Care Leavers",
        head: "Head of Children in Care and Care Leavers",
        teamManagers: ["Team Manager, Children in Care", "Team Manager, Leaving Care"],
        frontlineTitles: ["Social Worker", "Personal Adviser", "Independent Reviewing Officer", "Fostering Social Worker"],
        officeTitles: ["Placements Officer", "Business Support Officer"],
        size: 16,
        frontlineShare: 0.85,
      },
      {
        ref: "LBN-CF-EDU",
        name: "Education and Inclusion",
        head: "Head of Education and Inclusion",
        teamManagers: ["School Improvement Manager", "Inclusion Manager"],
        frontlineTitles: ["Education Welfare Officer", "Children Missing Education Officer", "Virtual School Caseworker", "Attendance Officer"],
        officeTitles: ["School Improvement Adviser", "Admissions Officer", "Education Data Analyst"],
        size: 16,
        frontlineShare: 0.55,
      },
      {
        ref: "LBN-CF-YJ",
        name: "Youth Justice and Youth Services",
        head: "Head of Youth Justice and Youth Services",
        teamManagers: ["Youth Justice Team Manager", "Youth Services Manager"],
        frontlineTitles: ["Youth Justice Officer", "Youth Worker", "Senior Youth Worker", "Detached Youth Worker", "Exploitation Practitioner"],
        officeTitles: ["Business Support Officer"],
        size: 15,
        frontlineShare: 0.9,
      },
      {
        ref: "LBN-CF-SEND",
        name: "SEND Services",
        head: "Head of SEND",
        teamManagers: ["SEND Assessment Manager"],
        frontlineTitles: ["SEND Caseworker", "Educational Psychologist", "Specialist Teacher", "Short Breaks Officer"],
        officeTitles: ["SEND Business Support Officer", "SEND Tribunal Officer"],
        size: 14,
        frontlineShare: 0.7,
      },
    ],
  },
  {
    ref: "LBN-AH",
    name: "Adults and Health",
    director: "Corporate Director, Adults and Health",
    services: [
      {
        ref: "LBN-AH-ASC",
        name: "Adult Social Care",
        head: "Head of Adult Social Care",
        teamManagers: ["Team Manager, Hospital Discharge", "Team Manager, Community Adults", "Team Manager, Reablement"],
        frontlineTitles: ["Social Worker", "Occupational Therapist", "Care Coordinator", "Reablement Support Worker", "Community Care Assessor"],
        officeTitles: ["Business Support Officer", "Financial Assessment Officer"],
        size: 24,
        frontlineShare: 0.85,
      },
      {
        ref: "LBN-AH-SGA",
        name: "Safeguarding Adults",
        head: "Head of Safeguarding Adults",
        teamManagers: ["Safeguarding Adults Team Manager"],
        frontlineTitles: ["Safeguarding Adults Practitioner", "Best Interests Assessor", "Senior Social Worker"],
        officeTitles: ["DoLS Administrator", "Safeguarding Adults Board Business Manager"],
        size: 12,
        frontlineShare: 0.75,
      },
      {
        ref: "LBN-AH-MHLD",
        name: "Mental Health and Learning Disabilities",
        head: "Head of Mental Health and Learning Disabilities",
        teamManagers: ["Team Manager, Community Mental Health", "Team Manager, Learning Disabilities"],
        frontlineTitles: ["Approved Mental Health Professional", "Social Worker", "Community Support Worker", "Day Opportunities Worker"],
        officeTitles: ["Business Support Officer"],
        size: 15,
        frontlineShare: 0.9,
      },
      {
        ref: "LBN-AH-PH",
        name: "Public Health",
        head: "Director of Public Health",
        teamManagers: ["Public Health Programme Manager"],
        frontlineTitles: ["Health Improvement Practitioner", "Substance Misuse Outreach Worker", "Sexual Health Outreach Worker"],
        officeTitles: ["Public Health Analyst", "Public Health Commissioning Officer", "Consultant in Public Health"],
        size: 13,
        frontlineShare: 0.4,
      },
      {
        ref: "LBN-AH-COM",
        name: "Commissioning and Brokerage",
        head: "Head of Adults Commissioning",
        teamManagers: ["Brokerage Team Manager"],
        frontlineTitles: ["Care Provider Quality Assurance Officer", "Brokerage Officer"],
        officeTitles: ["Commissioning Officer", "Contracts Officer", "Market Management Officer"],
        size: 10,
        frontlineShare: 0.35,
      },
    ],
  },
  {
    ref: "LBN-HC",
    name: "Housing and Communities",
    director: "Corporate Director, Housing and Communities",
    services: [
      {
        ref: "LBN-HC-HN",
        name: "Housing Needs and Homelessness",
        head: "Head of Housing Needs and Homelessness",
        teamManagers: ["Team Manager, Housing Options", "Team Manager, Temporary Accommodation", "Team Manager, Homelessness Prevention"],
        frontlineTitles: ["Housing Options Officer", "Homelessness Prevention Officer", "Temporary Accommodation Officer", "Rough Sleeping Outreach Worker", "Housing Allocations Officer"],
        officeTitles: ["Business Support Officer", "Housing Needs Data Analyst"],
        size: 20,
        frontlineShare: 0.85,
        directReports: 4,
      },
      {
        ref: "LBN-HC-TEM",
        name: "Tenancy and Estate Management",
        head: "Head of Tenancy and Estates",
        teamManagers: ["Area Housing Manager (North)", "Area Housing Manager (South)"],
        frontlineTitles: ["Tenancy Officer", "Estate Services Officer", "Tenancy Sustainment Officer", "Neighbourhood Officer"],
        officeTitles: ["Leasehold Officer", "Business Support Officer"],
        size: 17,
        frontlineShare: 0.85,
      },
      {
        ref: "LBN-HC-LIB",
        name: "Libraries and Community Hubs",
        head: "Head of Libraries and Community Hubs",
        teamManagers: ["Library Manager, Central Library", "Library Manager, Branch Libraries"],
        frontlineTitles: ["Library Assistant", "Senior Library Assistant", "Community Hub Officer", "Children's Librarian"],
        officeTitles: ["Stock and Systems Librarian"],
        size: 15,
        frontlineShare: 0.9,
      },
      {
        ref: "LBN-HC-CEC",
        name: "Community Engagement and Cohesion",
        head: "Head of Communities",
        teamManagers: ["Community Engagement Manager"],
        frontlineTitles: ["Community Engagement Officer", "Community Cohesion Officer", "Faith Communities Liaison Officer", "Volunteering Coordinator"],
        officeTitles: ["Community Grants Officer"],
        size: 10,
        frontlineShare: 0.8,
      },
      {
        ref: "LBN-HC-RS",
        name: "Resident Services and Benefits",
        head: "Head of Resident Services",
        teamManagers: ["Benefits Manager", "Council Tax Manager"],
        frontlineTitles: ["Benefits Assessor", "Welfare Rights Adviser", "Financial Inclusion Officer", "Visiting Officer"],
        officeTitles: ["Council Tax Officer", "Recovery Officer"],
        size: 16,
        frontlineShare: 0.55,
      },
    ],
  },
  {
    ref: "LBN-EP",
    name: "Environment and Place",
    director: "Corporate Director, Environment and Place",
    services: [
      {
        ref: "LBN-EP-PE",
        name: "Parking and Enforcement",
        head: "Head of Parking and Enforcement",
        teamManagers: ["Civil Enforcement Manager", "Environmental Enforcement Manager"],
        frontlineTitles: ["Civil Enforcement Officer", "Environmental Enforcement Officer", "Street Warden"],
        officeTitles: ["Parking Appeals Officer", "Permits Officer"],
        size: 15,
        frontlineShare: 0.8,
      },
      {
        ref: "LBN-EP-WS",
        name: "Waste and Street Services",
        head: "Head of Waste and Street Services",
        teamManagers: ["Waste Operations Manager", "Street Cleansing Manager"],
        frontlineTitles: ["Waste Operative", "HGV Driver", "Street Cleansing Operative", "Recycling Officer"],
        officeTitles: ["Waste Services Administrator"],
        size: 14,
        frontlineShare: 0.75,
      },
      {
        ref: "LBN-EP-REG",
        name: "Regulatory Services",
        head: "Head of Regulatory Services",
        teamManagers: ["Environmental Health Manager", "Licensing and Trading Standards Manager"],
        frontlineTitles: ["Environmental Health Officer", "Licensing Officer", "Trading Standards Officer", "Private Sector Housing Officer", "Noise Nuisance Officer"],
        officeTitles: ["Technical Support Officer"],
        size: 14,
        frontlineShare: 0.8,
      },
      {
        ref: "LBN-EP-PLN",
        name: "Planning and Building Control",
        head: "Head of Planning",
        teamManagers: ["Development Management Manager", "Building Control Manager"],
        frontlineTitles: ["Planning Enforcement Officer", "Building Control Surveyor"],
        officeTitles: ["Planning Officer", "Senior Planning Officer", "Planning Policy Officer", "Planning Technician"],
        size: 13,
        frontlineShare: 0.3,
      },
      {
        ref: "LBN-EP-PLC",
        name: "Parks, Leisure and Culture",
        head: "Head of Parks, Leisure and Culture",
        teamManagers: ["Parks Manager"],
        frontlineTitles: ["Park Ranger", "Events Officer", "Sports Development Officer"],
        officeTitles: ["Leisure Contract Monitoring Officer", "Culture Officer"],
        size: 12,
        frontlineShare: 0.6,
      },
    ],
  },
  {
    ref: "LBN-RES",
    name: "Resources",
    director: "Corporate Director, Resources",
    services: [
      {
        ref: "LBN-RES-HR",
        name: "Human Resources and Organisational Development",
        head: "Head of HR and Organisational Development",
        teamManagers: ["HR Business Partner Manager", "Learning and Development Manager"],
        frontlineTitles: [],
        officeTitles: ["HR Adviser", "HR Business Partner", "Payroll Officer", "Recruitment Officer", "Learning and Development Adviser"],
        size: 16,
        frontlineShare: 0,
      },
      {
        ref: "LBN-RES-FIN",
        name: "Finance",
        head: "Head of Finance (Deputy Section 151 Officer)",
        teamManagers: ["Financial Planning Manager", "Exchequer Manager"],
        frontlineTitles: [],
        officeTitles: ["Finance Business Partner", "Accountant", "Accounts Payable Officer", "Pensions Officer"],
        size: 13,
        frontlineShare: 0,
      },
      {
        ref: "LBN-RES-IT",
        name: "Digital and IT",
        head: "Head of Digital and IT",
        teamManagers: ["IT Service Desk Manager", "Digital Delivery Manager"],
        frontlineTitles: [],
        officeTitles: ["IT Support Analyst", "Service Desk Analyst", "Business Analyst", "Developer", "Network Engineer"],
        size: 13,
        frontlineShare: 0,
      },
      {
        ref: "LBN-RES-CS",
        name: "Customer Contact Centre",
        head: "Head of Customer Services",
        teamManagers: ["Contact Centre Manager", "Customer Service Centre Manager"],
        frontlineTitles: ["Customer Service Adviser", "Senior Customer Service Adviser", "Face-to-face Customer Adviser"],
        officeTitles: ["Quality and Training Officer"],
        size: 19,
        frontlineShare: 0.9,
      },
      {
        ref: "LBN-RES-LDS",
        name: "Legal and Democratic Services",
        head: "Head of Legal Services",
        teamManagers: ["Democratic Services Manager"],
        frontlineTitles: [],
        officeTitles: ["Solicitor", "Senior Solicitor", "Paralegal", "Democratic Services Officer", "Electoral Services Officer"],
        size: 12,
        frontlineShare: 0,
      },
    ],
  },
  {
    ref: "LBN-CE",
    name: "Chief Executive's",
    director: "Assistant Chief Executive",
    services: [
      {
        ref: "LBN-CE-CS",
        name: "Community Safety",
        head: "Head of Community Safety",
        teamManagers: ["Anti-social Behaviour Team Manager", "CCTV Control Room Manager"],
        frontlineTitles: ["Community Safety Officer", "ASB Caseworker", "CCTV Operator", "Hate Crime Caseworker", "Violence Against Women and Girls Coordinator"],
        officeTitles: ["Community Safety Analyst"],
        size: 14,
        frontlineShare: 0.85,
      },
      {
        ref: "LBN-CE-PP",
        name: "Policy and Performance",
        head: "Head of Policy and Performance",
        teamManagers: ["Performance Manager"],
        frontlineTitles: [],
        officeTitles: ["Policy Officer", "Performance Analyst", "Insight Analyst", "Equalities Officer"],
        size: 9,
        frontlineShare: 0,
      },
      {
        ref: "LBN-CE-COM",
        name: "Communications",
        head: "Head of Communications",
        teamManagers: ["Communications Manager"],
        frontlineTitles: [],
        officeTitles: ["Communications Officer", "Digital Content Officer", "Graphic Designer", "Media Relations Officer"],
        size: 8,
        frontlineShare: 0,
      },
      {
        ref: "LBN-CE-EPR",
        name: "Emergency Planning and Resilience",
        head: "Head of Resilience",
        teamManagers: [],
        frontlineTitles: ["Emergency Planning Officer", "Resilience Officer"],
        officeTitles: ["Business Continuity Officer"],
        size: 6,
        frontlineShare: 0.6,
      },
    ],
  },
];

export interface ContractorSpec extends UnitSpec {
  emailDomain: string;
  /** Prefix of the contractor's own staff numbers. */
  staffRefPrefix: string;
}

export const CONTRACTORS: readonly ContractorSpec[] = [
  {
    ref: "CON-0417",
    name: "Active Northbridge Leisure Ltd",
    emailDomain: "activenorthbridge.example",
    staffRefPrefix: "ANL",
    head: "Contract Manager",
    teamManagers: ["General Manager, Northbridge Leisure Centre", "General Manager, Riverside Pool", "General Manager, Eastfield Sports Hub"],
    frontlineTitles: ["Lifeguard", "Leisure Attendant", "Swimming Teacher", "Fitness Instructor", "Receptionist", "Duty Manager", "Children's Activities Coordinator"],
    officeTitles: ["Membership Sales Adviser", "Finance Administrator"],
    size: 55,
    frontlineShare: 0.9,
  },
  {
    ref: "CON-0522",
    name: "Sentinel Facilities and Security Ltd",
    emailDomain: "sentinel-fs.example",
    staffRefPrefix: "SFS",
    head: "Account Director",
    teamManagers: ["Security Operations Manager", "Facilities Manager"],
    frontlineTitles: ["Security Officer", "Concierge", "Reception Security Officer", "Mobile Patrol Officer", "Caretaker"],
    officeTitles: ["Cleaning Operative", "Helpdesk Coordinator"],
    size: 50,
    frontlineShare: 0.75,
  },
  {
    ref: "CON-0608",
    name: "Keystone Property Repairs Ltd",
    emailDomain: "keystonerepairs.example",
    staffRefPrefix: "KPR",
    head: "Contract Director",
    teamManagers: ["Repairs Manager", "Planned Works Manager"],
    frontlineTitles: ["Multi-trade Operative", "Gas Engineer", "Electrician", "Plumber", "Carpenter", "Resident Liaison Officer", "Repairs Surveyor"],
    officeTitles: ["Repairs Planner", "Scheduler", "Contract Administrator"],
    size: 45,
    frontlineShare: 0.8,
  },
];

export type SchoolPhase = "Nursery" | "Primary" | "Secondary" | "All-through" | "16 plus" | "Not applicable";

export interface SchoolSpec {
  name: string;
  urn: number;
  /** The local authority's establishment number (LAESTAB), kept as the school's external ref. */
  laestab: string;
  phase: SchoolPhase;
  type: string;
  status: "Open" | "Open, but proposed to close";
  emailDomain: string;
  /** Everyone recorded at the school, governors included. */
  headcount: number;
  /** Kind of staff titles to draw from. */
  titles: "primary" | "secondary" | "nursery" | "special" | "pru" | "sixth_form";
}

export const SCHOOLS_ROOT = { ref: "LBN-SCHOOLS", name: "Northbridge schools" } as const;

export const SCHOOLS: readonly SchoolSpec[] = [
  { name: "Northbridge Park Primary School", urn: 100412, laestab: "9992014", phase: "Primary", type: "Community school", status: "Open", emailDomain: "northbridgepark.sch.example", headcount: 8, titles: "primary" },
  { name: "St Mary's Church of England Primary School", urn: 100455, laestab: "9993301", phase: "Primary", type: "Voluntary aided school", status: "Open", emailDomain: "stmarys-northbridge.sch.example", headcount: 7, titles: "primary" },
  { name: "St Joseph's Catholic Primary School", urn: 100467, laestab: "9993412", phase: "Primary", type: "Voluntary aided school", status: "Open", emailDomain: "stjosephs-northbridge.sch.example", headcount: 6, titles: "primary" },
  { name: "Eastfield Primary School", urn: 100389, laestab: "9992008", phase: "Primary", type: "Community school", status: "Open", emailDomain: "eastfield-pri.sch.example", headcount: 7, titles: "primary" },
  { name: "Riverside Primary Academy", urn: 101203, laestab: "9992041", phase: "Primary", type: "Academy converter", status: "Open", emailDomain: "riversideprimary.sch.example", headcount: 6, titles: "primary" },
  { name: "Holloway Lane Primary School", urn: 100398, laestab: "9992011", phase: "Primary", type: "Community school", status: "Open", emailDomain: "hollowaylane.sch.example", headcount: 5, titles: "primary" },
  { name: "Ashgrove Primary School", urn: 101517, laestab: "9992056", phase: "Primary", type: "Academy sponsor led", status: "Open", emailDomain: "ashgrove.sch.example", headcount: 6, titles: "primary" },
  { name: "Kingsmead Primary School", urn: 100521, laestab: "9995202", phase: "Primary", type: "Foundation school", status: "Open", emailDomain: "kingsmead.sch.example", headcount: 7, titles: "primary" },
  { name: "Westgate Primary School", urn: 100376, laestab: "9992003", phase: "Primary", type: "Community school", status: "Open, but proposed to close", emailDomain: "westgate.sch.example", headcount: 4, titles: "primary" },
  { name: "Brookfield Primary School", urn: 101688, laestab: "9992063", phase: "Primary", type: "Academy converter", status: "Open", emailDomain: "brookfield.sch.example", headcount: 6, titles: "primary" },
  { name: "Canal Side Primary School", urn: 102044, laestab: "9992078", phase: "Primary", type: "Free schools", status: "Open", emailDomain: "canalside.sch.example", headcount: 5, titles: "primary" },
  { name: "Oakfield Infant School", urn: 100431, laestab: "9992020", phase: "Primary", type: "Community school", status: "Open", emailDomain: "oakfield-inf.sch.example", headcount: 6, titles: "primary" },
  { name: "Oakfield Junior School", urn: 100432, laestab: "9992021", phase: "Primary", type: "Community school", status: "Open", emailDomain: "oakfield-jun.sch.example", headcount: 6, titles: "primary" },
  { name: "Al-Noor Primary School", urn: 101922, laestab: "9993520", phase: "Primary", type: "Voluntary aided school", status: "Open", emailDomain: "alnoor.sch.example", headcount: 6, titles: "primary" },
  { name: "Greenway Primary School", urn: 100488, laestab: "9993005", phase: "Primary", type: "Voluntary controlled school", status: "Open", emailDomain: "greenway.sch.example", headcount: 7, titles: "primary" },
  { name: "Northbridge Academy", urn: 101744, laestab: "9994011", phase: "Secondary", type: "Academy converter", status: "Open", emailDomain: "northbridgeacademy.sch.example", headcount: 12, titles: "secondary" },
  { name: "St Anselm's Catholic College", urn: 100566, laestab: "9994602", phase: "Secondary", type: "Voluntary aided school", status: "Open", emailDomain: "stanselms.sch.example", headcount: 11, titles: "secondary" },
  { name: "Eastfield Community School", urn: 100549, laestab: "9994005", phase: "Secondary", type: "Community school", status: "Open", emailDomain: "eastfield-sec.sch.example", headcount: 11, titles: "secondary" },
  { name: "Riverside Girls' School", urn: 101802, laestab: "9994020", phase: "Secondary", type: "Academy converter", status: "Open", emailDomain: "riversidegirls.sch.example", headcount: 10, titles: "secondary" },
  { name: "Kingsway Free School", urn: 102131, laestab: "9994031", phase: "Secondary", type: "Free schools", status: "Open", emailDomain: "kingsway.sch.example", headcount: 10, titles: "secondary" },
  { name: "Northbridge Gateway School", urn: 102215, laestab: "9994040", phase: "All-through", type: "Academy sponsor led", status: "Open", emailDomain: "gateway.sch.example", headcount: 12, titles: "secondary" },
  { name: "Little Oaks Nursery School", urn: 100301, laestab: "9991002", phase: "Nursery", type: "Local authority nursery school", status: "Open", emailDomain: "littleoaks.sch.example", headcount: 4, titles: "nursery" },
  { name: "Beacon School", urn: 100612, laestab: "9997003", phase: "Not applicable", type: "Foundation special school", status: "Open", emailDomain: "beacon.sch.example", headcount: 7, titles: "special" },
  { name: "The Bridge Centre", urn: 100645, laestab: "9991101", phase: "Not applicable", type: "Pupil referral unit", status: "Open", emailDomain: "bridgecentre.sch.example", headcount: 5, titles: "pru" },
  { name: "Northbridge Sixth Form", urn: 102287, laestab: "9994050", phase: "16 plus", type: "Free schools 16 to 19", status: "Open", emailDomain: "northbridge6f.sch.example", headcount: 6, titles: "sixth_form" },
];

export const SCHOOL_TITLES: Record<SchoolSpec["titles"], { head: string; dsl: string[]; deputyDsl: string[]; staff: string[] }> = {
  primary: {
    head: "Headteacher",
    dsl: ["Deputy Headteacher", "Assistant Headteacher (Inclusion)", "Designated Safeguarding Lead"],
    deputyDsl: ["SENCo", "Family Liaison Officer", "Learning Mentor", "Assistant Headteacher"],
    staff: ["Class Teacher", "Class Teacher", "Class Teacher", "EYFS Lead", "Teaching Assistant", "Teaching Assistant", "Higher Level Teaching Assistant", "School Business Manager", "School Administrator", "Site Manager", "Midday Supervisor"],
  },
  secondary: {
    head: "Headteacher",
    dsl: ["Deputy Headteacher (Pastoral)", "Assistant Headteacher (Safeguarding)", "Designated Safeguarding Lead"],
    deputyDsl: ["Head of Year 9", "Pastoral Manager", "SENCo", "Attendance and Welfare Officer"],
    staff: ["Teacher of English", "Teacher of Mathematics", "Teacher of Science", "Teacher of History", "Teacher of Religious Education", "Teacher of Computing", "Head of Year 11", "Cover Supervisor", "Learning Support Assistant", "Exams Officer", "School Business Manager", "Reprographics Technician", "Science Technician", "Site Manager"],
  },
  nursery: {
    head: "Headteacher",
    dsl: ["Deputy Headteacher"],
    deputyDsl: ["Nursery Teacher"],
    staff: ["Nursery Teacher", "Early Years Practitioner", "Nursery Nurse", "School Administrator"],
  },
  special: {
    head: "Headteacher",
    dsl: ["Deputy Headteacher", "Designated Safeguarding Lead"],
    deputyDsl: ["Family Support Worker", "Assistant Headteacher"],
    staff: ["Class Teacher", "Specialist Teaching Assistant", "Specialist Teaching Assistant", "Therapy Assistant", "School Business Manager", "Minibus Driver"],
  },
  pru: {
    head: "Head of Centre",
    dsl: ["Deputy Head of Centre"],
    deputyDsl: ["Learning Mentor", "Family Liaison Officer"],
    staff: ["Teacher", "Behaviour Mentor", "Learning Mentor", "Centre Administrator"],
  },
  sixth_form: {
    head: "Principal",
    dsl: ["Vice Principal (Students)", "Designated Safeguarding Lead"],
    deputyDsl: ["Student Services Manager"],
    staff: ["Teacher of Psychology", "Teacher of Sociology", "Teacher of Mathematics", "Student Support Officer", "Careers Adviser", "Office Manager"],
  },
};

export const GOVERNOR_TITLES: readonly string[] = ["Chair of Governors", "Safeguarding Governor", "Parent Governor", "Co-opted Governor"];

export interface PartnerSpec {
  ref: string;
  name: string;
  emailDomain: string;
  titles: string[];
}

export const PARTNERS_ROOT = { ref: "PARTNERS", name: "Northbridge partner agencies" } as const;

export const PARTNERS: readonly PartnerSpec[] = [
  {
    ref: "PAR-MPS",
    name: "Metropolitan Police Service, North Area Basic Command Unit",
    emailDomain: "met.police.example",
    titles: ["Safer Schools Officer", "Police Prevent Engagement Officer", "Detective Sergeant, Public Protection", "Neighbourhood Police Sergeant", "Police Community Support Officer", "Dedicated Ward Officer", "Youth Engagement Officer"],
  },
  {
    ref: "PAR-NHS",
    name: "Northbridge and Riverside NHS Foundation Trust",
    emailDomain: "nrft.nhs.example",
    titles: ["Named Nurse, Safeguarding Children", "Safeguarding Adults Lead", "Community Mental Health Nurse", "Health Visitor", "School Nurse", "Emergency Department Sister", "Trust Prevent Lead"],
  },
  {
    ref: "PAR-COL",
    name: "Northbridge College",
    emailDomain: "northbridge-college.example",
    titles: ["Designated Safeguarding Lead", "Student Services Manager", "Lecturer, Health and Social Care", "Lecturer, ESOL", "Student Welfare Officer", "Head of Curriculum", "Learning Support Practitioner"],
  },
];

export const VENUES = {
  townHall: ["Northbridge Town Hall, Committee Room 2", "Northbridge Town Hall, Committee Room 4", "Northbridge Town Hall, Council Chamber Annex"],
  civicCentre: ["Northbridge Civic Centre, Training Suite 1", "Northbridge Civic Centre, Training Suite 2"],
  other: ["Professional Development Centre, Elm Road, Training Room A", "Northbridge Central Library, Learning Room", "Eastfield Family Hub, Community Room"],
  online: "Online (Microsoft Teams)",
} as const;
