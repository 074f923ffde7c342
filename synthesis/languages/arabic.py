"""Arabic: the fixed wording of UN Arabic documents, dates "26 أيار/مايو 2014", sentences ending
on "." "!" "؟" (never on "،" or "؛"), chatter of Arabic forums. First to third person is not
implemented: country and organization paragraphs quote the participants' words, attributed
("وجاء في مداخلة المكسيك: «...»"), and every report says so (its "attributed_note")."""

from __future__ import annotations

import re

from synthesis.languages.written import WrittenLanguage
from synthesis.text import wordset


class Arabic(WrittenLanguage):
    code = "ar"
    name = "Arabic"
    rewrites_first_person = False
    lowercase_titles = False  # Arabic has no capitals
    abbreviations = wordset("د م ص ج")
    question_marks = ("?", "؟")
    linking = r"و?(?:أيضا|أيضاً|كذلك|علاوة على ذلك|بالإضافة إلى ذلك)"
    leaning = r"و?(?:هو|هي|هم|هذا|ذلك)"
    chatter = re.compile(
        r"^(?:السلام عليكم|مرحبا|تحية طيبة|تحياتي|الزملاء الأعزاء|زملائي الأعزاء|أعزائي"
        r"|شكرا|أشكر|نشكر|مع خالص التحيات|مع التحية|وتفضلوا|اسمي|صباح الخير|مساء الخير)")
    lead_ins = re.compile(r"^(?:أعتقد أن|أرى أن|نرى أن|في رأيي،|أتفق مع [^،:]{1,60}[،:]\s*)"
                          r"(?P<rest>.+)$")
    # The pronouns, and the suffix "نا" (our, us: "بلدنا", "لدينا", "قمنا") on a word of four
    # letters or more ("هنا", "here", is no first person).
    first_person_words = re.compile(r"(?<!\w)(?:نحن|أنا|لدي|لديّ|\w{2,}نا)(?!\w)")
    stop_words = wordset("""في من إلى على عن مع أن إن هذا هذه ذلك تلك التي الذي الذين و أو ثم
    قد لقد كان كانت يكون هو هي هم كما لا لم لن ما كل بعض بين عند حيث""")

    def first_person(self, text: str) -> list[str]:
        return [w for w in super().first_person(text) if w not in ("هنا", "هناك", "بنا")]

    def split_sentences(self, text: str) -> list[str]:
        # No capitals to tell a sentence start: every final mark followed by a space ends one
        # (the shared rule looks for a capital, which Arabic letters never are).
        pieces, start = [], 0
        for match in re.finditer(r"[.!؟?]+[»”\"’')\]]*(?=\s)", text):
            chunk = text[start:match.end()]
            before = text[start:match.start()].split()
            if match.group(0)[0] == "." and before and before[-1] in self.abbreviations:
                continue
            if not self._balanced(chunk):
                continue
            pieces.append(chunk.strip())
            start = match.end()
        pieces.append(text[start:].strip())
        return [p for p in pieces if p]

    def lower_first(self, text: str) -> str:
        # After "أن" a clause does not open again on "إن" ("لاحظوا أن إن ..." reads "أن ...").
        return re.sub(r"^إن\s+", "", text)
