"""Posts of three small FICTIONAL sites, each page wrapped in its site's boilerplate (navigation,
pitches, "most read" links, copyright lines), plus one event two of the sites both report.

Every name, place and site here is invented for these tests. Keys are ``event-n``: one event per
prefix (``gold``)."""

from __future__ import annotations

_GAZETTE = (
    "Home | Local | Sport | Weather | Obituaries | Contact us",
    "Get the Morning Brief from the Quarry Lane Gazette in your inbox every weekday. Subscribe now.",
    "Most read: Council budget explained | School run parking | Market hall reopens",
    "Copyright 2025 Quarry Lane Gazette Media. All rights reserved.",
)
_BULLETIN = (
    "Menu Search Sign in Subscribe",
    "Support local journalism: become a Tidewater Bulletin member for 3 dollars a month.",
    "Share this story: Email | Print | Copy link",
    "Tidewater Bulletin, 14 Pier Road, Tidewater. Copyright 2025, all rights reserved.",
)
_NOTES = (
    "Fernhill Notes - a kitchen garden diary | About | Recipes | Shop",
    "Sign up for the Fernhill Notes newsletter and never miss a post. Follow us for weekly tips.",
    "You might also like: Saving seeds | Winter salads | Pruning currants",
    "All content copyright Fernhill Notes 2025. Please do not copy without asking.",
)
SITES = {"gazette": ("Quarry Lane Gazette", _GAZETTE), "bulletin": ("Tidewater Bulletin", _BULLETIN),
         "notes": ("Fernhill Notes", _NOTES)}  # fmt: skip
# words only the boilerplate above uses: never evidence that two reports share an event
BOILERPLATE_WORDS = frozenset(
    {"subscribe", "inbox", "weekday", "brief", "obituaries", "rights", "reserved", "journalism", "member"}
    | {"dollars", "share", "print", "email", "newsletter", "tips", "recipes", "shop", "copyright", "menu", "search"}
)

_POSTS = {
    # (site, day, title, text)
    "fair-1": (
        "gazette",
        10,
        "Spring fair raises money for the library",
        """The Quarry Lane spring fair raised
4,200 pounds for the village library on Saturday, organiser Hedda Rusk said. The cake stall and a
tug of war between the two pubs drew the biggest crowds; the library will buy large print books.""",
    ),
    "choir-1": (
        "gazette",
        12,
        "Male voice choir takes regional title",
        """The Quarry Lane Male Voice Choir won
the Ardsey regional contest in Holmfirth Hall on Tuesday, beating eleven choirs. Conductor Ivo Stenmark
said the singers had rehearsed twice a week since January for the three-song programme.""",
    ),
    "pothole-1": (
        "gazette",
        13,
        "Mill Street closed for resurfacing",
        """Mill Street will close for
resurfacing from Thursday for nine days while crews fill 60 potholes, the highways office said.
Buses to Penrow will divert along Cartwright Lane and the Thursday market moves to the chapel yard.""",
    ),
    "ferry-1": (
        "bulletin",
        10,
        "Winter ferry timetable ends early",
        """The Tidewater to Skarn ferry returns to its
summer timetable on Monday, two weeks early, operator Greylag Crossings said. Sailings rise from four to
seven a day and the first boat leaves at 6.40, which commuters had asked for since the autumn.""",
    ),
    "fishing-1": (
        "bulletin",
        11,
        "Crab fishers question new pot limit",
        """Crab fishers packed the harbour hall
on Wednesday to question a new limit of 300 pots a boat, set by the Skarn fisheries board. Skipper Olwen
Marr said smaller boats would lose a third of their catch; the board will reply by letter.""",
    ),
    "lighthouse-1": (
        "bulletin",
        14,
        "Volunteers repaint the Gull Point lighthouse",
        """Twenty volunteers spent the
weekend repainting the Gull Point lighthouse in its red and white bands, the heritage trust said. The
paint was donated by a chandlery in Port Vell, and the tower opens to visitors again in June.""",
    ),
    "tomato-1": (
        "notes",
        9,
        "Starting tomatoes indoors in March",
        """Tomato seeds want warmth more than
light in their first week, so I set the trays on a heat mat at 24 degrees and only move them under
the lamp once the first leaves open. Use a light seed compost and water from below.""",
    ),
    "rye-1": (
        "notes",
        11,
        "A slow rye loaf for busy weeks",
        """This rye dough rises overnight in the fridge,
which suits a week when evenings are short. Mix the starter with dark rye flour, caraway and salt,
shape it in the morning and bake it in a hot lidded pot for fifty minutes.""",
    ),
    "compost-1": (
        "notes",
        13,
        "Turning the compost heap in spring",
        """The heap has been cold all winter, so
this week I forked it into the empty bay, wetting each layer and adding grass clippings for nitrogen.
Within four days the middle was steaming again and the brandling worms had come back up.""",
    ),
    # one event, two sites
    "bridge-1": (
        "gazette",
        12,
        "Harlow Street bridge shut after crack found",
        """The Harlow Street bridge over
the river Wenn was closed to all traffic on Wednesday after engineers found a crack in its main
girder, council leader Tomas Brevik said. Structural engineer Mara Lindqvist said the 1931 bridge
could not safely carry lorries over 12 tonnes and needed a steel brace before it reopens in April.""",
    ),
    "bridge-2": (
        "bulletin",
        12,
        "Wenn river bridge closed over girder crack",
        """Engineers closed the Harlow
Street bridge across the Wenn on Wednesday when a crack was found in the main girder of the 1931
span. Council leader Tomas Brevik told residents the crossing would stay shut until April, and engineer
Mara Lindqvist said a steel brace was needed before lorries over 12 tonnes could use it again.""",
    ),
}


def page(name: str) -> str:
    """The post ``name`` as its site serves it: navigation and pitch above, links and copyright below."""
    site, day, title, text = _POSTS[name]
    outlet, (nav, pitch, links, legal) = SITES[site]
    return f"date 2025-03-{day:02d}\ntitle {title}\noutlet {outlet}\n{nav}\n{pitch}\n{text}\n{links}\n{legal}\n"


PAGES = {name: page(name) for name in _POSTS}


def gold(key: str) -> str:
    return key.rsplit("-", 1)[0]
