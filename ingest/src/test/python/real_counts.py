#!/usr/bin/env python3
"""Independent reference counts for RealDataIngestTest (standard library only: csv, json, zipfile, re).

Re-implements only what the expectations need, from the files themselves, without minqing code:
  python3 ingest/src/test/python/real_counts.py ../shared/data/real
Prints, per real file, the rows and the expected reject reasons under the documented check order
(MISSING_REQUIRED, UNPARSEABLE_TIME, IMPLAUSIBLE_TIME, UNKNOWN_COMMUNITY, UNKNOWN_VALUE, TIME_ORDER, DUPLICATE_KEY).
"""
import collections, csv, datetime as dt, json, re, sys, zipfile
import xml.etree.ElementTree as ET

ROOT = sys.argv[1] if len(sys.argv) > 1 else '../shared/data/real'
NS = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}

def xlsx_rows(path):
    z = zipfile.ZipFile(path)
    strings = []
    if 'xl/sharedStrings.xml' in z.namelist():
        for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall('m:si', NS):
            strings.append(''.join(t.text or '' for t in si.iter('{%s}t' % NS['m'])))
    sheet = ET.fromstring(z.read('xl/worksheets/sheet1.xml'))
    out = []
    for row in sheet.iter('{%s}row' % NS['m']):
        cells = {}
        for c in row.findall('m:c', NS):
            ref = c.get('r'); col = re.match(r'[A-Z]+', ref).group()
            v = c.find('m:v', NS); t = c.get('t')
            if t == 's': val = strings[int(v.text)]
            elif t == 'inlineStr': val = ''.join(x.text or '' for x in c.iter('{%s}t' % NS['m']))
            else: val = v.text if v is not None else ''
            cells[col] = val
        out.append((int(row.get('r')), cells))
    return out

def parse(text, fmts):
    if re.fullmatch(r'\d{5}(\.\d+)?', text):   # an Excel date cell (serial days since 1899-12-30), rounded to the second
        return dt.datetime(1899, 12, 30) + dt.timedelta(seconds=round(float(text) * 86400))
    for f in fmts:
        try: return dt.datetime.strptime(text, f)
        except ValueError: pass
    return None

def teddy(path, as_of=dt.date(2021, 1, 1)):
    rows = xlsx_rows(path)
    header = {v: k for k, v in rows[0][1].items()}
    fmts = ['%Y/%m/%d %H:%M:%S', '%Y/%m/%d %H:%M', '%Y-%m-%d %H:%M:%S', '%Y/%m/%d']
    reasons = collections.Counter(); ids = collections.Counter(); staged_ids = []; unspecified = 0
    def get(cells, h): return (cells.get(header[h]) or '').strip()
    for rno, cells in rows[1:]:
        if not any((v or '').strip() for v in cells.values()): continue
        cid = get(cells, '留言编号'); rec = get(cells, '留言时间'); rep = get(cells, '答复时间')
        if not cid or not rec: reasons['MISSING_REQUIRED'] += 1; continue
        r = parse(rec, fmts); a = parse(rep, fmts) if rep else None
        if r is None or (rep and a is None): reasons['UNPARSEABLE_TIME'] += 1; continue
        # Excel serial numbers would need conversion; the files hold text cells (SOURCE.md)
        if not (dt.date(2000,1,1) <= r.date() <= as_of) or (a and not (dt.date(2000,1,1) <= a.date() <= as_of)):
            reasons['IMPLAUSIBLE_TIME'] += 1; continue
        texts = [get(cells, '留言主题'), get(cells, '留言详情'), get(cells, '答复意见')]
        place = None
        for p in [r'[A-Z]\d{1,2}[区县市]', r'[A-Z]市']:
            for t in texts:
                m = re.search(p, t)
                if m: place = m.group(); break
            if place: break
        if not place: unspecified += 1  # staged at the default place 未注明 (profile: community not required)
        if a and a < r: reasons['TIME_ORDER'] += 1; continue
        staged_ids.append(cid)
    dup = sum(n - 1 for n in collections.Counter(staged_ids).values())
    if dup: reasons['DUPLICATE_KEY'] += dup
    return len([1 for _, c in rows[1:] if any((v or '').strip() for v in c.values())]), dict(reasons), {'default:community': unspecified}

NYC_CB = re.compile(r'^\d{2} (BRONX|BROOKLYN|MANHATTAN|QUEENS|STATEN ISLAND)$')
def nyc(path, as_of=dt.date(2024, 12, 31)):
    with open(path, encoding='utf-8', newline='') as f:
        rows = list(csv.DictReader(f))
    k = lambda name: name if name in rows[0] else name.lower().replace(' ', '_')
    fmts = ['%m/%d/%Y %I:%M:%S %p', '%Y-%m-%dT%H:%M:%S.%f', '%Y-%m-%dT%H:%M:%S']
    reasons = collections.Counter(); staged = []
    statuses = {'Closed', 'Open', 'In Progress', 'Assigned', 'Pending', 'Email Sent', 'Started', 'Unspecified'}
    for r in rows:
        cid = r[k('Unique Key')].strip(); created = r[k('Created Date')].strip()
        if not cid or not created: reasons['MISSING_REQUIRED'] += 1; continue
        times = [r.get(k(c), '').strip() for c in ['Created Date', 'Closed Date', 'Due Date', 'Resolution Action Updated Date']]
        parsed = [parse(t, fmts) if t else None for t in times]
        if any(t and p is None for t, p in zip(times, parsed)): reasons['UNPARSEABLE_TIME'] += 1; continue
        # plausibility: every event time but due_at (index 2)
        if any(p and not (dt.date(2003,1,1) <= p.date() <= as_of) for i, p in enumerate(parsed) if i != 2):
            reasons['IMPLAUSIBLE_TIME'] += 1; continue
        if not NYC_CB.match(r[k('Community Board')].strip()): reasons['UNKNOWN_COMMUNITY'] += 1; continue
        if r[k('Status')].strip() not in statuses: reasons['UNKNOWN_VALUE'] += 1; continue
        if parsed[1] and parsed[1] < parsed[0]: reasons['TIME_ORDER'] += 1; continue
        staged.append(cid)
    dup = sum(n - 1 for n in collections.Counter(staged).values())
    if dup: reasons['DUPLICATE_KEY'] += dup
    return len(rows), dict(reasons)

def sf_requests(path):
    data = json.load(open(path), object_pairs_hook=lambda pairs: pairs)  # keeps repeated keys
    if isinstance(data, list) and data and isinstance(data[0], list) and dict(data[0]).get('model'):
        return [dict(dict(o)['fields']) | {'_first': {}} for o in data if dict(o).get('model') == 'dashboard.request'], True
    reqs = dict(data)['requests']
    out = []
    for pairs in reqs:
        d = {}
        for key, v in pairs:
            d.setdefault(key, v)   # the FIRST occurrence wins, as the open311 profile documents
        out.append(d)
    return out, False

def sf(path, as_of=dt.date(2021, 1, 1), staged=None):
    """Per-file reasons; candidates for staging are appended to `staged` as (case_id, updated, row) for sf_all()."""
    reqs, fixture = sf_requests(path)
    reasons = collections.Counter(); no_zip = 0
    own = staged is None
    staged = [] if own else staged
    fmts = ['%Y-%m-%d %H:%M:%S.%f', '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S.%f', '%Y-%m-%dT%H:%M:%S']
    def val(d, key):
        v = d.get(key)
        if v is None: return None
        v = str(v).strip()
        return None if v in ('', 'null') else v
    for d in reqs:
        cid = val(d, 'service_request_id'); req = val(d, 'requested_datetime')
        if not cid or not req: reasons['MISSING_REQUIRED'] += 1; continue
        ts = [val(d, c) for c in ['requested_datetime', 'expected_datetime', 'updated_datetime']]
        ps = [parse(t, fmts) if t else None for t in ts]
        if any(t and p is None for t, p in zip(ts, ps)): reasons['UNPARSEABLE_TIME'] += 1; continue
        if any(p and not (dt.date(2005,1,1) <= p.date() <= as_of) for i, p in enumerate(ps) if i != 1):
            reasons['IMPLAUSIBLE_TIME'] += 1; continue
        st = val(d, 'status')
        if st is not None and st not in ('Open', 'Closed', 'open', 'closed'): reasons['UNKNOWN_VALUE'] += 1; continue
        z = val(d, 'zipcode')
        if z is None or not re.match(r'^(\d{5})(\.0)?$', z): no_zip += 1
        resolved = ps[2] if st in ('Closed', 'closed') else None
        if resolved and resolved < ps[0]: reasons['TIME_ORDER'] += 1; continue
        staged.append((cid, ps[2], len(staged)))
    return len(reqs), reasons, no_zip

def sf_all(root, files):
    """All files in one run, in path order: among equal keys the latest updated_datetime wins (empty last), then the
    later file, then the later row; the others are DUPLICATE_KEY in their own file."""
    out = {}; cands = []
    for unit, f in enumerate(files):
        mine = []
        n, reasons, no_zip = sf(f'{root}/{f}', staged=mine)
        out[f] = [n, reasons, no_zip]
        cands += [(cid, upd, unit, row, f) for cid, upd, row in mine]
    best = {}
    for c in cands:
        key = (c[1] is not None, c[1] or dt.datetime.min, c[2], c[3])
        if c[0] not in best or key > best[c[0]][0]: best[c[0]] = (key, c)
    for c in cands:
        if best[c[0]][1] is not c: out[c[4]][1]['DUPLICATE_KEY'] += 1
    return {f: (v[0], dict(v[1]), v[2]) for f, v in out.items()}

if __name__ == '__main__':
    for f in ['teddycup2020c/sample/附件4.xlsx', 'teddycup2020c/full/附件4.xlsx']:
        print(f, teddy(f'{ROOT}/{f}'))
    for f in ['mzuber88_TwoSixDgraphDemo/311_Service_Requests.csv', 'YangziXinJas_COMS6111-proj3/311_Service_Requests.csv',
              'AnthonyUPF_lab-sql-intro-es/311_Service_Requests.csv', 'fedhere_PyBOOT/311_Service_Requests_from_2010_to_Present.csv']:
        print(f, nyc(f'{ROOT}/nyc311-samples/{f}'))
    for f, v in sf_all(f'{ROOT}/sf311-open311', ['dashboard_fixtures/test.json', 'raw_api_dumps/ClosedServiceRequests_Slice.json',
                                                'raw_api_dumps/ServiceRequests_Complete.json']).items():
        print(f, v)
