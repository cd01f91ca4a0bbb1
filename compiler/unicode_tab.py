#!/usr/bin/python3
"""unicode_tab.py - writes compiler/unicode_tab.c, the Unicode data that
Azure's naming rules need (compiler/unicode.h says what each table is).

    python3 compiler/unicode_tab.py >compiler/unicode_tab.c   (make unicode-table)

Everything comes from Python's unicodedata (its Unicode version is written
into the output, and tests/naming.sh regenerates the file and compares),
except the few property lists unicodedata lacks, written out below with
their source. The output depends on nothing but that version.

Sources:
- General categories, case folding, Normalization Forms C and KC, canonical
  decompositions: the Unicode Character Database of that version
  (https://www.unicode.org/Public/14.0.0/ucd/).
- IDNA2008's code point rules: RFC 5892 section 2 (categories A-J) and
  section 3 (the derivation), https://www.rfc-editor.org/rfc/rfc5892.
"""
import sys
import unicodedata

MAX = 0x10FFFF

# ---- classes: the general categories, merged where the rules need no more
# (enum uni_class in unicode.h; unassigned code points are in no range).
CLASS = {
    'Lu': 'UC_LETTER', 'Ll': 'UC_LETTER', 'Lt': 'UC_LETTER',
    'Lm': 'UC_LETTER', 'Lo': 'UC_LETTER', 'Nd': 'UC_DIGIT',
    'Mn': 'UC_MARK', 'Mc': 'UC_MARK', 'Me': 'UC_ENCLOSING_MARK',
    'Nl': 'UC_NUMBER', 'No': 'UC_NUMBER',
    'Pc': 'UC_PUNCT', 'Pd': 'UC_PUNCT', 'Ps': 'UC_PUNCT', 'Pe': 'UC_PUNCT',
    'Pi': 'UC_PUNCT', 'Pf': 'UC_PUNCT', 'Po': 'UC_PUNCT',
    'Sm': 'UC_SYMBOL', 'Sc': 'UC_SYMBOL', 'Sk': 'UC_SYMBOL',
    'So': 'UC_SYMBOL', 'Zs': 'UC_SPACE', 'Zl': 'UC_LINE_SEP',
    'Zp': 'UC_PARA_SEP', 'Cc': 'UC_CONTROL', 'Cf': 'UC_FORMAT',
    'Co': 'UC_PRIVATE', 'Cs': 'UC_SURROGATE', 'Cn': None,
}
IDNA_OK = ('UC_LETTER', 'UC_DIGIT', 'UC_MARK')  # RFC 5892 2.1 LetterDigits

# ---- RFC 5892's lists that are not general categories
# 2.6 Exceptions (F)
EXC_PVALID = {0x00DF, 0x03C2, 0x06FD, 0x06FE, 0x0F0B, 0x3007}
EXC_DISALLOWED = {0x0640, 0x07FA, 0x302E, 0x302F, 0x3031, 0x3032, 0x3033,
                  0x3034, 0x3035, 0x303B}
# 2.3 IgnorableProperties (C): Default_Ignorable_Code_Point, from
# DerivedCoreProperties.txt of Unicode 14.0 (White_Space and the
# noncharacters are spaces, controls and unassigned code points: refused
# by their class already).
DEFAULT_IGNORABLE = [
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C),
    (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F),
    (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F),
    (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
]
# 2.4 IgnorableBlocks (D): Combining Diacritical Marks for Symbols, Musical
# Symbols, Ancient Greek Musical Notation (Blocks.txt).
IGNORABLE_BLOCKS = [(0x20D0, 0x20FF), (0x1D100, 0x1D1FF), (0x1D200, 0x1D24F)]
# 2.9 OldHangulJamo (I): Hangul_Syllable_Type L, V and T
# (HangulSyllableType.txt of Unicode 14.0).
OLD_HANGUL_JAMO = [
    (0x1100, 0x115F), (0xA960, 0xA97C), (0x1160, 0x11A7),
    (0xD7B0, 0xD7C6), (0x11A8, 0x11FF), (0xD7CB, 0xD7FB),
]


def within(cp, ranges):
    return any(lo <= cp <= hi for lo, hi in ranges)


def klass(cp):
    return CLASS[unicodedata.category(chr(cp))]


def folded(cp):
    """What IDNA's mapping makes of cp's case: full case folding, then
    Normalization Form C (UTS #46 maps by NFKC_Casefold; its NFKC part is
    refused below, not mapped); the two letters that IDNA2008 keeps
    (Exceptions: sharp s, final sigma) stay."""
    if cp in EXC_PVALID:
        return chr(cp)
    return unicodedata.normalize('NFC', chr(cp).casefold())


def fold(cp):
    """The one code point cp folds to, else cp itself (a folding into
    several, and a code point Normalization Form C changes, are refused)."""
    f = folded(cp)
    c = chr(cp)
    if len(f) != 1 or unicodedata.normalize('NFC', c) != c:
        return cp
    return ord(f)


def idna(cp):
    """What IDNA makes of cp once case-folded (enum uni_idna), RFC 5892
    section 3 in its order, or None where the class decides (letters,
    digits and marks pass, the rest is refused)."""
    if cp in EXC_PVALID:
        return 'UI_VALID'
    if cp in EXC_DISALLOWED:
        return 'UI_EXCEPTION'
    if klass(cp) not in IDNA_OK:
        return None
    c = chr(cp)
    if unicodedata.normalize('NFC', c) != c:
        return 'UI_NFC'  # refused, not normalised: U+212B, U+F900
    if len(folded(cp)) != 1:
        return 'UI_MAPS'  # to several code points: 'ﬁ' -> 'fi'
    m = fold(cp)
    if m != cp:
        return idna(m)
    # Invisible before (B), although RFC 5892 tests (B) before (C): the
    # reason a message gives (U+FFA0 is both), not the outcome, depends on
    # it.
    if within(cp, DEFAULT_IGNORABLE):
        return 'UI_IGNORABLE'
    n = unicodedata.normalize
    if n('NFKC', n('NFKC', c).casefold()) != c:  # Unstable (B)
        return 'UI_MAPS'
    if within(cp, IGNORABLE_BLOCKS):
        return 'UI_BLOCK'
    if within(cp, OLD_HANGUL_JAMO):
        return 'UI_JAMO'
    return None


def runs(value):
    """[lo, hi, v] for each run of code points with one value (None: in no
    run), surrogates skipped."""
    out = []
    for cp in range(MAX + 1):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        v = value(cp)
        if v is None:
            continue
        if out and out[-1][1] == cp - 1 and out[-1][2] == v:
            out[-1][1] = cp
        else:
            out.append([cp, cp, v])
    return out


def fold_runs():
    """[lo, hi, delta, stride]: cp in lo..hi with (cp - lo) % stride == 0
    folds to cp + delta (upper and lower case alternate in many blocks)."""
    out = []
    for cp in range(MAX + 1):
        if 0xD800 <= cp <= 0xDFFF or fold(cp) == cp:
            continue
        d = fold(cp) - cp
        if out and out[-1][2] == d:
            last = out[-1]
            step = cp - last[1]
            if step == last[3] or (last[0] == last[1] and step in (1, 2)):
                last[1], last[3] = cp, step
                continue
        out.append([cp, cp, d, 1])
    return out


def compositions():
    """(first, mark, composite) for the primary composites of Normalization
    Form C (a canonical decomposition into two code points, not excluded
    from composition), sorted by mark and first. Only what a name can hold
    by then: letters, digits and marks, the first case-folded (the check
    runs on the folded name, and folding twice changes nothing)."""
    pairs = set()
    for cp in range(MAX + 1):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        d = unicodedata.decomposition(chr(cp))
        if not d or d.startswith('<'):
            continue
        parts = [int(x, 16) for x in d.split()]
        if len(parts) == 2 and \
                unicodedata.normalize('NFC', chr(cp)) == chr(cp):
            pairs.add((parts[0], parts[1], cp))
    assert all(fold(fold(f)) == fold(f) for f, _, _ in pairs)
    return sorted(((f, m, c) for f, m, c in pairs
                   if fold(f) == f and klass(f) in IDNA_OK and
                   klass(m) in IDNA_OK), key=lambda p: (p[1], p[0]))


def article(words):
    return ('an ' if words[0] in 'aeiou' else 'a ') + words


def names():
    """The invisible code points a message names: spaces, separators and
    format characters of the BMP, and the default-ignorable letters and
    marks (the tag characters and the supplementary variation selectors
    are named by their class)."""
    out = []
    for cp in range(0x80, 0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        k = klass(cp)
        if k in ('UC_SPACE', 'UC_LINE_SEP', 'UC_PARA_SEP', 'UC_FORMAT') or \
                (k in IDNA_OK and within(cp, DEFAULT_IGNORABLE)):
            out.append((cp, article(unicodedata.name(chr(cp)).lower())))
    return out


def main():
    w = sys.stdout.write
    w('/* unicode_tab.c - GENERATED by compiler/unicode_tab.py from Python\'s\n'
      ' * unicodedata (Unicode %s); do not edit: run make unicode-table.\n'
      ' * The tables and their sources: compiler/unicode.h. */\n'
      '#include "unicode.h"\n\n' % unicodedata.unidata_version)
    w('const char uni_version[] = "%s";\n\n' % unicodedata.unidata_version)

    def table(decl, rows, fmt):
        """rows as a C array, as many to a line as fit in 80 columns"""
        w('%s[] = {\n' % decl)
        line = ''
        for r in rows:
            item = fmt(r) + ','
            if line and len(line) + 1 + len(item) > 71:
                w('\t%s\n' % line)
                line = ''
            line = line + ' ' + item if line else item
        w('\t%s\n};\n' % line)
        name = decl.split()[-1]
        w('const size_t %s_n =\n    sizeof(%s) / sizeof(%s[0]);\n\n'
          % (name, name, name))

    table('const struct uni_class_range uni_classes', runs(klass),
          lambda r: '{0x%04x, 0x%04x, %s}' % (r[0], r[1], r[2]))
    table('const struct uni_idna_range uni_idna_table', runs(idna),
          lambda r: '{0x%04x, 0x%04x, %s}' % tuple(r))
    table('const struct uni_fold_range uni_folds', fold_runs(),
          lambda r: '{0x%04x, 0x%04x, %d, %d}' % tuple(r))
    table('const struct uni_composition uni_compositions', compositions(),
          lambda r: '{0x%04x, 0x%04x, 0x%04x}' % r)
    table('const struct uni_name uni_names', names(),
          lambda r: '{0x%04x, "%s"}' % r)


if __name__ == '__main__':
    main()
