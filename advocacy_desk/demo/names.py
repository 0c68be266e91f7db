"""Invented-people name lists for demo data, grouped by naming tradition.

Names follow the person's recorded ethnic group, so that the People list, the
duplicate check and the equality returns look like an English caseload rather
than a list of "Test Person 1". None of these belong to a real person: they are
common given and family names recombined at random. The British given names are
split by generation, because a referral list of people in their eighties is full
of Doris and Harold, not Chloe and Jayden.
"""

from __future__ import annotations

from typing import Final

#: Heritage groups the generator draws names, languages and religions from.
BRITISH: Final = "british"
IRISH: Final = "irish"
EUROPEAN: Final = "european"
SOUTH_ASIAN_MUSLIM: Final = "south_asian_muslim"
SOUTH_ASIAN_INDIAN: Final = "south_asian_indian"
EAST_ASIAN: Final = "east_asian"
AFRICAN: Final = "african"
CARIBBEAN: Final = "caribbean"
ARAB: Final = "arab"

GROUPS: Final = (
    BRITISH,
    IRISH,
    EUROPEAN,
    SOUTH_ASIAN_MUSLIM,
    SOUTH_ASIAN_INDIAN,
    EAST_ASIAN,
    AFRICAN,
    CARIBBEAN,
    ARAB,
)

#: Born before this year: older generation British given names.
OLDER_GENERATION_BEFORE: Final = 1965

_BRITISH_FEMALE_OLDER = (
    "Doris", "Joan", "Margaret", "Patricia", "Barbara", "Jean", "Sheila", "Brenda",
    "Maureen", "Eileen", "Irene", "Dorothy", "Betty", "Sylvia", "Pauline", "Valerie",
    "Christine", "Susan", "Linda", "Carol", "Janet", "Elaine", "Gillian", "Hazel",
    "Marion", "Edna", "Vera", "Audrey", "Kathleen", "June", "Shirley", "Rita",
    "Ann", "Wendy", "Lesley", "Sandra", "Beryl", "Gladys", "Mavis", "Jacqueline",
)  # fmt: skip
_BRITISH_MALE_OLDER = (
    "Harold", "Kenneth", "Ronald", "Dennis", "Derek", "Brian", "Roy", "Leslie",
    "Terence", "Raymond", "Keith", "Colin", "Geoffrey", "Alan", "Peter", "John",
    "David", "Michael", "Graham", "Malcolm", "Trevor", "Barry", "Stanley", "Arthur",
    "Frank", "Albert", "Norman", "Eric", "Roger", "Gordon", "Clive", "Nigel",
    "Philip", "Anthony", "Bernard", "Cyril", "Donald", "Gerald", "Victor", "Wilfred",
)  # fmt: skip
_BRITISH_FEMALE_YOUNGER = (
    "Sarah", "Emma", "Rebecca", "Laura", "Gemma", "Kelly", "Lisa", "Claire",
    "Nicola", "Hayley", "Danielle", "Stacey", "Amy", "Charlotte", "Jessica", "Chloe",
    "Sophie", "Lauren", "Megan", "Holly", "Katie", "Natalie", "Joanne", "Michelle",
    "Louise", "Samantha", "Zoë", "Leanne", "Kirsty", "Jade", "Ellie", "Amber",
    "Olivia", "Grace", "Hannah", "Lucy", "Abigail", "Paige", "Shannon", "Kayleigh",
)  # fmt: skip
_BRITISH_MALE_YOUNGER = (
    "James", "Daniel", "Matthew", "Christopher", "Andrew", "Mark", "Paul", "Richard",
    "Lee", "Darren", "Craig", "Jason", "Wayne", "Dean", "Stuart", "Gary",
    "Thomas", "Jack", "Ryan", "Liam", "Callum", "Connor", "Jordan", "Kieran",
    "Lewis", "Jamie", "Ben", "Adam", "Luke", "Joshua", "Nathan", "Scott",
    "Oliver", "Harry", "George", "Alfie", "Jayden", "Tyler", "Reece", "Samuel",
)  # fmt: skip
_BRITISH_FAMILY = (
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson",
    "Thomas", "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White",
    "Edwards", "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel",
    "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris",
    "Moore", "Clark", "Lee", "King", "Baker", "Harrison", "Morgan", "Allen",
    "James", "Scott", "Phillips", "Watson", "Davis", "Parker", "Price", "Bennett",
    "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter", "Richardson", "Bailey",
    "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox", "Richards", "Khan",
    "Marshall", "Anderson", "Simpson", "Ellis", "Adams", "Singh", "Begum", "Wilkinson",
    "Foster", "Chapman", "Powell", "Webb", "Rogers", "Gray", "Mason", "Hunt",
    "Holmes", "Palmer", "Barnes", "Knight", "Lloyd", "Butler", "Russell", "Barker",
    "Fisher", "Stevens", "Jenkins", "Dixon", "Fletcher", "Howard", "Pearce", "Fox",
    "Saunders", "Gibson", "Rose", "Francis", "Pearson", "Reynolds", "Hayes", "Fuller",
    "Chandler", "Dawson", "Everett", "Goodwin", "Hammond", "Kemp", "Lockwood", "Newman",
    "Osborne", "Pratt", "Quinn", "Rayner", "Sargent", "Tanner", "Underwood", "Vincent",
    "Whitmore", "Ashdown", "Bloomfield", "Cornish", "Draper", "Fairweather", "Garrod",
)  # fmt: skip
_IRISH_FEMALE = (
    "Siobhán", "Aoife", "Niamh", "Bridget", "Mary", "Kathleen", "Róisín", "Orla",
    "Sinéad", "Ciara", "Maeve", "Nora", "Eileen", "Theresa", "Deirdre", "Bernadette",
)  # fmt: skip
_IRISH_MALE = (
    "Seán", "Patrick", "Michael", "Declan", "Ciarán", "Eoin", "Liam", "Conor",
    "Brendan", "Dermot", "Kevin", "Padraig", "Fergus", "Cormac", "Martin", "Joseph",
)  # fmt: skip
_IRISH_FAMILY = (
    "O'Brien", "Murphy", "Kelly", "O'Sullivan", "Walsh", "O'Connor", "McCarthy", "Byrne",
    "Ryan", "Doyle", "Gallagher", "O'Neill", "Kennedy", "Lynch", "Quinn", "McLaughlin",
    "Brennan", "Flanagan", "Doherty", "Connolly", "Maguire", "Donnelly", "Ward", "Joyce",
)  # fmt: skip
_EUROPEAN_FEMALE = (
    "Agnieszka", "Katarzyna", "Magdalena", "Joanna", "Monika", "Ewa", "Ioana", "Elena",
    "Andreea", "Mihaela", "Rūta", "Jurgita", "Ana", "Mariana", "Giulia", "Francesca",
    "Maria", "Teresa", "Daniela", "Liliana", "Zsófia", "Petra", "Ivana", "Olena",
)  # fmt: skip
_EUROPEAN_MALE = (
    "Piotr", "Tomasz", "Krzysztof", "Marek", "Paweł", "Andrzej", "Ionuț", "Andrei",
    "Mihai", "Florin", "Tomas", "Darius", "João", "Miguel", "Luca", "Marco",
    "Giuseppe", "Stefan", "Lukas", "Vasyl", "Dmytro", "Nikolai", "Bogdan", "Goran",
)  # fmt: skip
_EUROPEAN_FAMILY = (
    "Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kamińska", "Lewandowski", "Zielińska",
    "Popescu", "Ionescu", "Dumitru", "Stan", "Kazlauskas", "Petrauskas", "Silva",
    "Santos", "Ferreira", "Rossi", "Russo", "Esposito", "Bianchi", "Horváth", "Novák",
    "Kovalenko", "Shevchenko", "Dimitrov", "Petrović", "Müller", "Schmidt",
)  # fmt: skip
_SOUTH_ASIAN_MUSLIM_FEMALE = (
    "Ayesha", "Fatima", "Nasreen", "Shazia", "Rukhsana", "Samina", "Farzana", "Amina",
    "Sumaiya", "Tahmina", "Rahima", "Nazia", "Saima", "Zainab", "Hafsa", "Maryam",
)  # fmt: skip
_SOUTH_ASIAN_MUSLIM_MALE = (
    "Mohammed", "Imran", "Tariq", "Asif", "Rashid", "Abdul", "Shahid", "Zubair",
    "Kamal", "Rahim", "Anwar", "Faisal", "Hamza", "Bilal", "Yusuf", "Nadeem",
)  # fmt: skip
_SOUTH_ASIAN_MUSLIM_FAMILY = (
    "Khan", "Hussain", "Ahmed", "Ali", "Akhtar", "Rahman", "Begum", "Iqbal",
    "Mahmood", "Uddin", "Chowdhury", "Miah", "Islam", "Butt", "Malik", "Qureshi",
)  # fmt: skip
_SOUTH_ASIAN_INDIAN_FEMALE = (
    "Priya", "Anjali", "Sunita", "Kiran", "Meera", "Pooja", "Harpreet", "Gurpreet",
    "Manjit", "Rekha", "Asha", "Neha", "Lakshmi", "Deepa", "Jaspreet", "Nisha",
)  # fmt: skip
_SOUTH_ASIAN_INDIAN_MALE = (
    "Rajesh", "Sanjay", "Vijay", "Amit", "Ravi", "Suresh", "Harjit", "Gurdeep",
    "Kuldip", "Arjun", "Rohan", "Vikram", "Manoj", "Deepak", "Jaswinder", "Anil",
)  # fmt: skip
_SOUTH_ASIAN_INDIAN_FAMILY = (
    "Patel", "Shah", "Sharma", "Singh", "Kaur", "Gill", "Sandhu", "Mistry",
    "Kumar", "Joshi", "Desai", "Chauhan", "Bains", "Dhillon", "Mehta", "Parmar",
)  # fmt: skip
_EAST_ASIAN_FEMALE = (
    "Mei", "Li", "Xiu", "Hui", "Lan", "Yan", "Thi", "Linh",
    "Maricel", "Rosalie", "Mai", "Hana", "Jing", "Ying",
)  # fmt: skip
_EAST_ASIAN_MALE = (
    "Wei", "Jun", "Ming", "Hao", "Jian", "Kai", "Minh", "Tuan",
    "Jose", "Ramon", "Hiroshi", "Bo", "Chen", "Long",
)  # fmt: skip
_EAST_ASIAN_FAMILY = (
    "Chen", "Wang", "Li", "Zhang", "Liu", "Wong", "Cheung", "Lam",
    "Nguyen", "Tran", "Pham", "Santos", "Reyes", "Tanaka", "Kim", "Ho",
)  # fmt: skip
_AFRICAN_FEMALE = (
    "Abimbola", "Chiamaka", "Ngozi", "Folasade", "Amara", "Adaeze", "Ama", "Akosua",
    "Fadumo", "Hodan", "Tendai", "Grace", "Blessing", "Precious", "Esther", "Mercy",
)  # fmt: skip
_AFRICAN_MALE = (
    "Adebayo", "Oluwaseun", "Chinedu", "Emeka", "Kwame", "Kofi", "Abdi", "Mohamed",
    "Tendai", "Tafadzwa", "Samuel", "Emmanuel", "Joseph", "Godfrey", "Babatunde", "Yaw",
)  # fmt: skip
_AFRICAN_FAMILY = (
    "Okafor", "Adeyemi", "Okonkwo", "Adebayo", "Oladipo", "Mensah", "Asante", "Owusu",
    "Boateng", "Osei", "Abdi", "Farah", "Mohamud", "Moyo", "Ncube", "Chikwanha",
)  # fmt: skip
_CARIBBEAN_FAMILY = (
    "Campbell", "Brown", "Williams", "Francis", "Grant", "Thompson", "Clarke", "Reid",
    "Gordon", "Henry", "Samuels", "Bailey", "Stewart", "McKenzie", "Benjamin", "Joseph",
)  # fmt: skip
_CARIBBEAN_FEMALE = (
    "Marcia", "Sonia", "Beverley", "Janice", "Yvonne", "Paulette", "Jennifer", "Claudette",
    "Tanisha", "Shanice", "Jasmine", "Kezia", "Hyacinth", "Gloria", "Monica", "Angela",
)  # fmt: skip
_CARIBBEAN_MALE = (
    "Winston", "Delroy", "Errol", "Clifton", "Leroy", "Desmond", "Everton", "Lloyd",
    "Marlon", "Jermaine", "Tyrone", "Andre", "Kareem", "Dwayne", "Neville", "Carlton",
)  # fmt: skip
_ARAB_FEMALE = (
    "Layla", "Noor", "Rania", "Huda", "Salma", "Yasmin", "Dalia", "Amal", "Leila", "Mariam",
)  # fmt: skip
_ARAB_MALE = (
    "Omar", "Ahmad", "Khaled", "Hassan", "Ibrahim", "Karim", "Samir", "Tarek", "Walid", "Ali",
)  # fmt: skip
_ARAB_FAMILY = (
    "Haddad", "Al-Masri", "Nasser", "Saleh", "Hamdan", "Aziz", "Mansour", "Khalil",
    "Darwish", "Hassan", "Abdullah", "Farouk",
)  # fmt: skip


def given_names(group: str, female: bool, older: bool) -> tuple[str, ...]:
    """Given names for one group and sex; only the British lists differ by generation."""
    if group == BRITISH:
        if female:
            return _BRITISH_FEMALE_OLDER if older else _BRITISH_FEMALE_YOUNGER
        return _BRITISH_MALE_OLDER if older else _BRITISH_MALE_YOUNGER
    female_names, male_names = _GIVEN[group]
    return female_names if female else male_names


def family_names(group: str) -> tuple[str, ...]:
    return _FAMILY[group]


_GIVEN: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    IRISH: (_IRISH_FEMALE, _IRISH_MALE),
    EUROPEAN: (_EUROPEAN_FEMALE, _EUROPEAN_MALE),
    SOUTH_ASIAN_MUSLIM: (_SOUTH_ASIAN_MUSLIM_FEMALE, _SOUTH_ASIAN_MUSLIM_MALE),
    SOUTH_ASIAN_INDIAN: (_SOUTH_ASIAN_INDIAN_FEMALE, _SOUTH_ASIAN_INDIAN_MALE),
    EAST_ASIAN: (_EAST_ASIAN_FEMALE, _EAST_ASIAN_MALE),
    AFRICAN: (_AFRICAN_FEMALE, _AFRICAN_MALE),
    CARIBBEAN: (_CARIBBEAN_FEMALE, _CARIBBEAN_MALE),
    ARAB: (_ARAB_FEMALE, _ARAB_MALE),
}

_FAMILY: dict[str, tuple[str, ...]] = {
    BRITISH: _BRITISH_FAMILY,
    IRISH: _IRISH_FAMILY,
    EUROPEAN: _EUROPEAN_FAMILY,
    SOUTH_ASIAN_MUSLIM: _SOUTH_ASIAN_MUSLIM_FAMILY,
    SOUTH_ASIAN_INDIAN: _SOUTH_ASIAN_INDIAN_FAMILY,
    EAST_ASIAN: _EAST_ASIAN_FAMILY,
    AFRICAN: _AFRICAN_FAMILY,
    CARIBBEAN: _CARIBBEAN_FAMILY,
    ARAB: _ARAB_FAMILY,
}
