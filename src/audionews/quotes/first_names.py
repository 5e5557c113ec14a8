"""Common given names that are clearly one gender in news usage, for "he"/"she" and for telling people
from places and organisations. Names that are often either (Alex, Jordan, Sam, Kim, Jean) are left out:
an unknown gender is compatible with both pronouns, a wrong one is not."""
from __future__ import annotations

FEMALE = frozenset("""
abigail ada adriana agnes aisha alejandra alexandra alice alicia alina alison allison amanda amber amelia amina amy
ana anastasia angela angelica angelina anita ann anna anne annette antonia april ariana
audrey ayesha barbara beatrice beatriz becky belinda bella bernadette beth bethany betty beverly bianca brenda
bridget brittany camila carla carmen carol caroline carolyn catherine cecilia celia charlotte chelsea cheryl chloe
christina christine cindy claire clara claudia colleen connie constance cynthia daisy dana daniela danielle daphne
darlene dawn deborah debra delia denise diana diane dolores donna doris dorothy edith elaine eleanor elena elisa
elizabeth ella ellen eloise elsa emily emma erica erin esther eva evelyn fatima fiona florence frances francesca
gabriela gabrielle gail gemma georgia gina giulia gloria grace greta gwen hannah harriet hazel heather helen helena
helga hilary hillary holly ida ines ingrid irene iris isabel isabella ivana jacqueline jane janet janice jasmine
jennifer jenny jessica jill joan joanna joanne jocelyn josephine joy joyce judith judy julia julie juliet june
karen karin katherine kathleen kathryn kathy katie kayla keisha kelly kristen kristin laura lauren leah leila lena
lila lillian lily linda lindsay lisa liz lois lorraine louise lucia lucy luisa lydia mabel madeleine madison
magdalena maggie mandy marcia margaret margarita maria mariana marie marilyn marina marion marisa marjorie marta
martha mary maryam maya megan melanie melissa mercedes meredith mia michelle mildred miriam molly monica nadia nancy
naomi natalia natalie nathalie nicole nina nora norma olga olivia pamela paola patricia paula pauline peggy
penelope phyllis pilar priya rachel ramona rebecca regina renee rita roberta rosa rosalind rose rosemary ruth
sabrina sally samantha sandra sara sarah sharon sheila shirley silvia simone sofia sonia sophia sophie stella
stephanie susan susanne suzanne svetlana sylvia tamara tanya tatiana teresa theresa tiffany tina tracy ursula
valentina valerie vanessa vera veronica victoria violet virginia vivian wanda wendy whitney yasmin yolanda yvonne
zainab zoe
""".split())

MALE = frozenset("""
aaron abdul abdullah adam adrian ahmed ahmad alan albert alberto alejandro alexander alexei alfred ali alonso
amir anders andre andrew andrei angelo anthony antonio arnold arthur avi barack benjamin bernard bill
bob boris brad bradley brandon brian bruce bryan calvin carl carlos cesar charles chuck clarence claude clifford
colin craig curtis dale damian daniel danny darren david dennis derek diego dimitri dmitry donald douglas duncan
dwayne dylan edgar eduardo edward edwin eli elias elijah emmanuel enrique eric ernest ernesto eugene fabio farid
felipe felix fernando francis francisco frank franklin fred frederick gabriel gareth gary george gerald gerhard
glen glenn gordon graham greg gregory guillermo gustavo hamid hans harold harry hassan hector henry herbert
hugo hussein ian ibrahim igor isaac ivan jack jacob jake james jamal jan jason javier jeff jeffrey jeremy jerome
jesse jesus jim jimmy joe joel johan john johnny jonathan jorge jose joseph joshua juan julian justin karl keith
kenneth kevin khalid kurt larry lars lawrence leo leon leonard lewis liam lloyd lorenzo louis lucas luis luke
malcolm manuel marc marco marcus mario mark martin matthew maurice max mehmet michael miguel mike mikhail mohamed
mohammed muhammad nathan neil nicholas nick nigel noah norman oleg oliver omar oscar otto owen pablo patrick paul
pavel pedro peter philip pierre rafael ralph ramon randy ray raymond reza ricardo richard rick robert roberto
rodrigo roger roland ronald ross roy ruben russell ryan salvador samuel saul scott sean sebastian sergei sergey
sergio shane simon stanley stefan stephen steve steven stuart tariq ted terry theodore thomas tim timothy todd
tom tomas tommy tony travis tyler victor vincent vladimir walter warren wayne william xavier yaakov yosef youssef
yuri zachary
""".split())


def gender_of_name(name: str) -> str | None:
    """"female" or "male" when the first word of `name` is a given name clearly of one gender."""
    first = name.split()[0].lower() if name.split() else ""
    if first in FEMALE:
        return "female"
    if first in MALE:
        return "male"
    return None
