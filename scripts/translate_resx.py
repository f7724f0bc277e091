#!/usr/bin/env python3
"""Writes src/Shared/Resources/Texts.en.resx from Texts.resx and the English table in scripts/translations/en/*.json
(one JSON object per file, key -> English text). Keys follow Texts.resx (same order); a key missing from the table is
reported and left out (the test Localization/ResourceParityTests names it), as is a table key Texts.resx no longer has.
Usage: python3 scripts/translate_resx.py [--check]   (--check: only report, write nothing; exit 1 if anything is off)"""
import glob, html, json, os, re, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
source = os.path.join(root, 'src/Shared/Resources/Texts.resx')
target = os.path.join(root, 'src/Shared/Resources/Texts.en.resx')
text = open(source, encoding='utf-8').read()
entries = re.findall(r'  <data name="([^"]+)" xml:space="preserve">\n    <value>(.*?)</value>\n  </data>\n', text, re.S)

table = {}
for path in sorted(glob.glob(os.path.join(root, 'scripts/translations/en/*.json'))):
    for k, v in json.load(open(path, encoding='utf-8')).items():
        if k in table and table[k] != v: sys.exit(f'{k} translated twice differently ({os.path.basename(path)})')
        table[k] = v

placeholder = re.compile(r'\{\d+(?:[,:][^}]*)?\}')
cjk = re.compile(r'[\u4e00-\u9fff]')
problems = []
keys = [k for k, _ in entries]
for k, v in entries:
    if k not in table: problems.append(f'missing: {k}'); continue
    zh = html.unescape(v)
    if sorted(set(placeholder.findall(zh))) != sorted(set(placeholder.findall(table[k]))):
        problems.append(f'placeholders differ: {k}: {zh!r} / {table[k]!r}')
for k in sorted(set(table) - set(keys)): problems.append(f'not in Texts.resx: {k}')
for p in problems: print(p)

if '--check' in sys.argv: sys.exit(1 if problems else 0)
header = text[:text.index('  <data name=')]
body = ''.join(f'  <data name="{k}" xml:space="preserve">\n    <value>{html.escape(table[k], quote=False)}</value>\n  </data>\n'
               for k in keys if k in table)
open(target, 'w', encoding='utf-8', newline='\n').write(header + body + '</root>\n')
print(f'wrote {sum(k in table for k in keys)} of {len(keys)} keys to {os.path.relpath(target, root)}')
