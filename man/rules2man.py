#!/usr/bin/python3
"""man/rules2man.py - docs/rules.md as the man page vnetc-rules(7) (mdoc).

    python3 man/rules2man.py docs/rules.md VERSION > build/vnetc-rules.7

docs/rules.md is the one list of the rules; make builds the page from it
(make man, make install), so that the two cannot disagree, and an installed
vnetc has its rules at hand (man vnetc-rules; the SARIF help of each rule
points there). It reads the Markdown docs/rules.md is written in: headings,
paragraphs, `- ` lists, fenced and indented code blocks, `code`, **bold**
and [links](target).
"""
import re
import sys


def esc(s):
    """Text as roff reads it: backslashes escaped, and a line that would
    start with a control character made plain."""
    s = s.replace("\\", "\\e")
    # beyond ASCII by name, as groff and mandoc read it without -k
    s = "".join(c if ord(c) < 128 else "\\[u%04X]" % ord(c) for c in s)
    return "\\&" + s if s[:1] in (".", "'") else s


def inline(s):
    s = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", s)
    s = esc(s)
    s = re.sub(r"\*\*([^*]+)\*\*", r"\\fB\1\\fR", s)
    s = re.sub(r"`([^`]+)`", r"\\(oq\1\\(cq", s)
    return s


def main():
    src, version = sys.argv[1], sys.argv[2]
    lines = open(src, encoding="utf-8").read().split("\n")
    out = [
        ".\\\" Generated from docs/rules.md by man/rules2man.py: edit those.",
        ".Dd $Mdocdate$",
        ".Dt VNETC-RULES 7",
        ".Os vnetc %s" % version,
        ".Sh NAME",
        ".Nm vnetc-rules",
        ".Nd the rules of vnetc's diagnostics, with a failing example each",
        ".Sh DESCRIPTION",
    ]
    code = None          # the fence's indentation inside a code block
    in_list = False
    para = False         # text written since the last break

    def brk():
        nonlocal para
        if para:
            out.append(".Pp")
        para = False

    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if code is not None:
            if line.strip().startswith("```"):
                out.append(".Ed")
                code = None
                para = True
            else:
                out.append(esc(line[code:] if line[:code].strip() == ""
                               else line.lstrip()) or "\\&")
            continue
        m = re.match(r"( *)```", line)
        if m:
            if not in_list:
                brk()
            out.append(".Bd -literal -offset indent")
            code = len(m.group(1))
            continue
        if line.startswith("# "):
            continue  # the title: NAME says it
        if line.startswith("## ") or line.startswith("### "):
            if in_list:
                out.append(".El")
                in_list = False
            title = line.lstrip("#").strip()
            macro = ".Sh" if line.startswith("## ") else ".Ss"
            out.append("%s %s" % (macro, esc(title)))
            para = False
            continue
        if line.startswith("    ") and not in_list:
            brk()
            out.append(".Bd -literal -offset indent")
            while True:
                out.append(esc(line[4:]) or "\\&")
                if i >= len(lines) or not (lines[i].startswith("    ") or
                                           (lines[i] == "" and i + 1 < len(lines)
                                            and lines[i + 1].startswith("    "))):
                    break
                line = lines[i]
                i += 1
            out.append(".Ed")
            para = True
            continue
        if line.startswith("- "):
            if not in_list:
                brk()
                out.append(".Bl -bullet")
                in_list = True
            out.append(".It")
            out.append(inline(line[2:]))
            para = True
            continue
        if line.strip() == "":
            if in_list and i < len(lines) and lines[i].startswith("  "):
                out.append(".Pp")  # a paragraph inside the item
                continue
            if in_list:
                out.append(".El")
                in_list = False
            brk()
            continue
        out.append(inline(line.strip()))
        para = True
    if in_list:
        out.append(".El")
    out.append(".Sh SEE ALSO")
    out.append(".Xr vnetc 1 ,")
    out.append(".Xr vnetc-spec 5")
    sys.stdout.write("\n".join(out) + "\n")


main()
