"""FICTIONAL reports of one invented week, written for storyline's tests (no real report is quoted).

Pairs of the kinds of false merge seen on a real week of news (issue #14): same topic, different
event. Each key names its gold story; reports with the same story prefix (before ``-``) are one
event, told in different words.
"""

from __future__ import annotations

WEEK = {
    # two different games of one league on one night
    "game_harts-1": """date 2025-03-08
title Harts edge Millbrook Pioneers 3-2 in overtime
outlet Tallon Sports Desk
The Tallon Harts beat the Millbrook Pioneers 3-2 in overtime at Corran Arena on Saturday night.
Winger Edda Sorvik scored the winner ninety seconds into the extra period after goaltender Pell
Anand made 41 saves. The Harts climbed to fourth in the Northern Ice League standings.
""",
    "game_harts-2": """date 2025-03-09
title Sorvik's overtime goal lifts Harts past Pioneers
outlet Millbrook Evening Post
Edda Sorvik struck early in overtime as Tallon held off Millbrook 3-2 at Corran Arena. The
Pioneers had tied the game late in the third period, but Anand's 41 saves kept the Harts alive,
and Millbrook coach Ruan Castell said his players had run out of legs.
""",
    "game_vesper-1": """date 2025-03-08
title Vesper Lynx rout Dunmore Owls 6-1
outlet Northern Ice League Wire
The Vesper Lynx scored four times in the second period to beat the Dunmore Owls 6-1 at Halden
Gardens on Saturday night. Centre Jonah Reyes had a hat trick and goaltender Ilse Marrow stopped
28 shots. The Owls have now lost seven straight games in the Northern Ice League.
""",
    # an event and the same industry's monthly statistics
    "plant_fire-1": """date 2025-03-10
title Fire shuts Ostrava Motors assembly plant in Keldby
outlet Keldby Courier
A fire tore through the paint shop of the Ostrava Motors assembly plant in Keldby early on
Monday, halting production of the Meris hatchback. Fire chief Tomas Wendt said nobody was hurt.
The company said the line would stay closed for at least two weeks while engineers inspect it.
""",
    "car_sales-1": """date 2025-03-11
title Car sales fell 4 percent in February, dealers' association says
outlet Business Ledger
New car registrations fell 4 percent in February from a year earlier, the Association of Motor
Dealers said on Tuesday, the third monthly decline in a row. Electric models rose to 31 percent
of sales. Dealers blamed higher loan rates and said demand for hatchbacks had been weakest.
""",
    # a crash and a hostage exchange in the same country
    "bus_crash-1": """date 2025-03-12
title Eleven dead as bus plunges into gorge in Estrelland
outlet Meridian Press
A bus carrying pilgrims fell into a gorge on the mountain road near Castro Alto in Estrelland on
Wednesday, killing eleven people and injuring 23, the regional health office said. The driver
lost control on a bend in heavy rain, police said. Rescuers worked through the night.
""",
    "bus_crash-2": """date 2025-03-13
title Rain blamed for Castro Alto coach disaster
outlet Estrelland Today
Investigators said heavy rain and a worn tyre probably sent the pilgrim coach off the bend above
the gorge at Castro Alto, where eleven passengers died. The 23 injured were taken to hospitals in
Valmora. The transport minister ordered checks of every coach firm running the mountain route.
""",
    "hostages-1": """date 2025-03-13
title Estrelland and rebels swap prisoners after months of talks
outlet Coastal Wire
Estrelland's government freed 40 detained fighters of the Sierra Front on Thursday in exchange
for six aid workers held since October, mediators from Sandovia said. The swap took place at a
border post near Puerto Lindo. Foreign minister Alma Quiroga called it a first step toward peace.
""",
    # a state's new law and federal talks on the same policy a week later
    "state_law-1": """date 2025-03-03
title Lorne State governor signs rent cap into law
outlet Lorne Daily
Governor Maris Oyelaran signed a bill on Monday capping yearly rent increases in Lorne State at
five percent. Landlords' groups said they would challenge the law in court, while tenant unions
in Harwick called it overdue. The cap takes effect on the first of July.
""",
    "federal_talks-1": """date 2025-03-10
title Federal ministers open talks on a national housing plan
outlet Capital Report
Housing ministers from every state met in Brellin on Monday for federal talks on a national
housing plan, including limits on rent increases and money for new public homes. Federal housing
minister Otto Grell said an agreement was months away and no state would be forced to join.
""",
    # true pairs in different words
    "dam_vote-1": """date 2025-03-12
title Varrow council approves Selm river dam
outlet Varrow Ledger
Varrow district council voted 9-4 on Wednesday to build a 60-metre dam on the Selm river above
Ashby, after two years of hearings. Council leader Prita Mollen said the 210 million crown project
would end the floods that hit Ashby in 2021 and 2023.
""",
    "dam_vote-2": """date 2025-03-13
title Ashby cheers, anglers fume as Selm dam wins backing
outlet Northwind Radio
The Selm river will get its dam: councillors in Varrow backed the 210 million crown plan by nine
votes to four. Ashby residents flooded twice in three years welcomed the decision, while anglers
said the 60-metre wall would cut off the river's salmon. Prita Mollen promised a fish ladder.
""",
}

# two unrelated posts of one small site with the same boilerplate (site boilerplate is not yet
# discounted: see test_week)
BLOG = {
    "blog_garden-1": """date 2025-03-09
title Starting tomatoes indoors in March
outlet Fernhill Notes
Sign up for the Fernhill Notes newsletter and never miss a post. Follow us for weekly tips.
Tomato seeds want warmth more than light in their first week, so I set the trays on a heat mat at
24 degrees and only move them under the lamp once the first leaves open. Use a light seed compost.
Sign up for the Fernhill Notes newsletter and never miss a post. Follow us for weekly tips.
""",
    "blog_bread-1": """date 2025-03-11
title A slow rye loaf for busy weeks
outlet Fernhill Notes
Sign up for the Fernhill Notes newsletter and never miss a post. Follow us for weekly tips.
This rye dough rises overnight in the fridge, which suits a week when evenings are short. Mix the
starter with dark rye flour, caraway and salt, shape it in the morning and bake it in a hot pot.
Sign up for the Fernhill Notes newsletter and never miss a post. Follow us for weekly tips.
""",
}

# another state's rent cap the next week: the same topic as state_law-1, another event (related)
OTHER_LAW = """date 2025-03-12
title Ostmark governor signs rent cap bill into law
outlet Ostmark Herald
Governor Celia Brandt signed a rent cap bill into law on Wednesday, limiting yearly rent increases
in Ostmark to four percent. Landlords said the cap would choke new building and vowed a court
challenge; tenant unions in Rellport said rents had doubled in ten years. The cap starts in May.
"""


def gold(key: str) -> str:
    return key.rsplit("-", 1)[0]


# one mine flood told twice, the second report naming nothing the first names (kept apart: too
# little evidence to join), and a flood at another mine days later (same topic, another event)
MINE = {
    "mine_flood-1": """date 2025-03-14
title Miners trapped as water floods Orrin Deep colliery
outlet Fenmoor Gazette
Water burst into a lower shaft of the Orrin Deep colliery near Fenmoor on Friday, trapping
seven miners 400 metres underground, the mine's owner Caddell Coal said. Rescue crews began
pumping water from the flooded gallery and lowered air lines to the trapped men.
""",
    "mine_flood-2": """date 2025-03-15
title Rescuers pump water from flooded pit
outlet Northwind Radio
Crews pumped water through the night from the flooded colliery where miners have been trapped
underground since Friday, and families waited at the gates for news. A union official asked why
old workings had never been drained.
""",
    "mine_other-1": """date 2025-03-17
title Water floods Brackwater colliery, no one hurt
outlet Keldby Courier
Water flooded an empty gallery of the Brackwater colliery on Monday, the operator Helm Mining said.
No miners were underground at the time and crews began pumping the shaft dry.
""",
}

# Harder pairs of the kinds (#14): each pair names the same company, state or country,
# its towns and officials, so shared names alone do not tell the events apart. Each event of the
# first and third kind is told twice, in different words.
SHARED_NAMES = {
    # an event, and the same industry's monthly statistics naming the same maker and model
    "meris_recall-1": """date 2025-03-18
title Ostrava Motors recalls 12,000 Meris hatchbacks over brake fault
outlet Keldby Courier
Ostrava Motors is recalling 12,000 Meris hatchbacks built at its Keldby plant because a faulty
brake hose can leak fluid, the carmaker said on Tuesday. Owners will be asked to bring their cars
to a dealer for a free replacement; no crashes have been linked to the fault, the company said.
""",
    "meris_recall-2": """date 2025-03-18
title Brake hose fault: Meris owners called back to dealers
outlet Business Ledger
Twelve thousand Meris hatchbacks from the Keldby line are being called back after engineers found
brake hoses that may leak, Ostrava Motors said. Dealers will swap the hose free of charge. A
spokeswoman said the carmaker knew of no accident caused by the defect.
""",
    "car_market-1": """date 2025-03-20
title Registrations slip in February as Meris holds top spot
outlet Motor Trade Weekly
New car registrations fell 3 percent in February from a year earlier, figures from the
Association of Motor Dealers showed on Thursday. The Ostrava Motors Meris, built in Keldby, was
again the best-selling hatchback, while electric models took 29 percent of the market.
""",
    # a state's new law, and federal talks on the same policy a week later, the governor there
    "lorne_cap-1": """date 2025-03-17
title Lorne State governor signs cap on rent rises
outlet Lorne Daily
Governor Maris Oyelaran signed a bill on Monday that caps yearly rent increases in Lorne State at
five percent from July. Landlords in Harwick said they would go to court over the cap, and tenant
unions held a rally outside the state house to celebrate.
""",
    "housing_summit-1": """date 2025-03-24
title States and federal government open talks on rents
outlet Capital Report
Federal housing minister Otto Grell opened talks in Brellin on Monday with the housing ministers
of every state on a national plan for rents and public housing. Lorne State governor Maris
Oyelaran urged other states to follow her new rent cap; Grell said no state would be forced to.
""",
    # a crash, and a hostage exchange in the same country, near the same town
    "valmora_derail-1": """date 2025-03-19
title Nine killed as train derails near Valmora
outlet Meridian Press
A passenger train left the tracks on a bridge near Valmora in Estrelland on Wednesday, killing nine
people and injuring 40, the rail operator said. Interior minister Dario Quesada said the line
would stay closed while investigators examine the track.
""",
    "valmora_derail-2": """date 2025-03-20
title Estrelland mourns victims of Valmora rail disaster
outlet Estrelland Today
Flags flew at half mast across Estrelland on Thursday for the nine passengers who died when their
train came off a bridge outside Valmora. Investigators are checking whether a broken rail caused
the derailment; forty people remain in hospital.
""",
    "valmora_swap-1": """date 2025-03-21
title Estrelland and Sierra Front exchange hostages near Valmora
outlet Coastal Wire
Estrelland freed 12 jailed rebels of the Sierra Front on Friday in exchange for three engineers
held for a year, at a checkpoint outside Valmora. Interior minister Dario Quesada thanked
mediators from Sandovia and said talks with the rebels would go on.
""",
}

# Two drunk-driving arrests of two players of one club, a year apart, from a feed that gives no
# dates (as ECB+'s older reports give none): the same action, the same club, town and road, so
# only who and when differ; each lede names the day of its arrest. The first arrest is told twice,
# in different words.
ARRESTS = {
    "arrest_sorvik-1": """title Harts winger Sorvik arrested on drunk-driving charge
outlet Tallon Sports Desk
Tallon Harts winger Edda Sorvik was arrested early on Sunday on suspicion of drunk driving after
police stopped his car on the Corran ring road, the Tallon police department said. The Northern
Ice League club said it knew of the arrest and would not comment further. Sorvik was released on
bail and is due in court next month.
""",
    "arrest_sorvik-2": """title Police charge Sorvik after ring road stop
outlet Millbrook Evening Post
Police in Tallon charged Harts forward Edda Sorvik with driving under the influence after stopping
his car on the ring road near Corran Arena in the early hours of Sunday. He was freed on bail; his
club said it would say nothing while the case goes on. Sorvik has scored 19 goals this season.
""",
    "arrest_anand-1": """title Goaltender Anand held after police stop
outlet Northwind Radio
Pell Anand, the Tallon Harts goaltender, was arrested late on Thursday on suspicion of drunk
driving, Tallon police said. Officers stopped his car on the Corran ring road shortly before
midnight. The club said it would not comment. Anand, who has started 31 games this season, was
released on bail and is due in court next month.
""",
}
