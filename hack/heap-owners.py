#!/usr/bin/env python3
"""Which fields hold a heap's maps, lists and arrays: reads an HPROF heap dump (the benchmark's
-Dbenchmark.heapDump=true writes one) and, for each class asked about, sums its instances by the
field of the nearest object that is not a collection's insides.

A LinkedHashMap held by ObjectMeta.labels counts as "ObjectMeta.labels"; one held by the entry of
another map (a map inside a GenericKubernetesResource, say) walks up through the entries, tables
and lists to the field that holds the outer map, and says "(nested)". The bytes are the instance
and the arrays and entries it holds alone (a map's table and entries, a list's array): what sharing
or dropping the instance would free; "empty" counts those with no array or table of their own.

    python3 hack/heap-owners.py heap.hprof [class ...]
    python3 hack/heap-owners.py heap.hprof --chains class [n]

--chains prints, for n instances of the class (5 unless given), the whole chain of referrers up
to a root: who keeps them alive.

Without classes: java.util.LinkedHashMap, java.util.ArrayList, [I.
"""
import struct
import sys
from collections import defaultdict

BASIC = {2: None, 4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}
PRIM_NAMES = {4: "[Z", 5: "[C", 6: "[F", 7: "[D", 8: "[B", 9: "[S", 10: "[I", 11: "[J"}
# Classes whose instances are a collection's insides: walked through to the field that holds
# the collection.
INSIDES = (
    "java.util.LinkedHashMap",
    "java.util.HashMap",
    "java.util.LinkedHashMap$Entry",
    "java.util.HashMap$Node",
    "[Ljava.util.HashMap$Node;",
    "java.util.ArrayList",
    "[Ljava.lang.Object;",
    "java.util.Collections$UnmodifiableMap",
    "java.util.Collections$UnmodifiableRandomAccessList",
    "java.util.ImmutableCollections$ListN",
    "java.util.ImmutableCollections$MapN",
    "java.util.concurrent.ConcurrentHashMap",
    "java.util.concurrent.ConcurrentHashMap$Node",
    "[Ljava.util.concurrent.ConcurrentHashMap$Node;",
)


def main():
    path = sys.argv[1]
    chains = len(sys.argv) > 2 and sys.argv[2] == "--chains"
    wanted = sys.argv[2:] or ["java.util.LinkedHashMap", "java.util.ArrayList", "[I"]
    if chains:
        wanted = [sys.argv[3]]
        samples = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    data = open(path, "rb").read()
    end = data.index(b"\0")
    idsize = struct.unpack(">I", data[end + 1 : end + 5])[0]
    idfmt = ">I" if idsize == 4 else ">Q"
    pos = end + 1 + 4 + 8

    strings = {}
    class_names = {}  # class object id -> name
    class_super = {}
    class_fields = {}  # class id -> [(name, type)]
    obj_class = {}  # object id -> class id, or a name for arrays
    obj_size = {}
    refs = {}  # object id -> [(field, target)]

    def rid(off):
        return struct.unpack_from(idfmt, data, off)[0]

    while pos < len(data):
        tag = data[pos]
        length = struct.unpack_from(">I", data, pos + 5)[0]
        body = pos + 9
        pos = body + length
        if tag == 0x01:
            strings[rid(body)] = data[body + idsize : body + length].decode("utf-8", "replace")
        elif tag == 0x02:
            cid = rid(body + 4)
            class_names[cid] = strings.get(rid(body + 8 + idsize), "?").replace("/", ".")
        elif tag in (0x0C, 0x1C):
            p = body
            while p < pos:
                sub = data[p]
                p += 1
                if sub == 0xFF:
                    p += idsize
                elif sub == 0x01:
                    p += 2 * idsize
                elif sub in (0x02, 0x03):
                    p += idsize + 8
                elif sub == 0x04:
                    p += idsize + 4
                elif sub in (0x05, 0x07):
                    p += idsize
                elif sub == 0x06:
                    p += idsize + 4
                elif sub == 0x08:
                    p += idsize + 8
                elif sub == 0x20:
                    cid = rid(p)
                    class_super[cid] = rid(p + idsize + 4)
                    p += 7 * idsize + 4
                    p += 4  # instance size
                    n = struct.unpack_from(">H", data, p)[0]
                    p += 2
                    for _ in range(n):
                        t = data[p + 2]
                        p += 3 + (idsize if t == 2 else BASIC[t])
                    n = struct.unpack_from(">H", data, p)[0]
                    p += 2
                    for _ in range(n):
                        t = data[p + idsize]
                        p += idsize + 1 + (idsize if t == 2 else BASIC[t])
                    n = struct.unpack_from(">H", data, p)[0]
                    p += 2
                    fields = []
                    for _ in range(n):
                        fields.append((strings.get(rid(p), "?"), data[p + idsize]))
                        p += idsize + 1
                    class_fields[cid] = fields
                elif sub == 0x21:
                    oid = rid(p)
                    cid = rid(p + idsize + 4)
                    n = struct.unpack_from(">I", data, p + 2 * idsize + 4)[0]
                    start = p + 2 * idsize + 8
                    obj_class[oid] = cid
                    obj_size[oid] = n + 16
                    refs[oid] = (cid, start)
                    p = start + n
                elif sub == 0x22:
                    oid = rid(p)
                    n = struct.unpack_from(">I", data, p + idsize + 4)[0]
                    acid = rid(p + idsize + 8)
                    start = p + 2 * idsize + 8
                    obj_class[oid] = acid
                    obj_size[oid] = 16 + n * 4
                    refs[oid] = ("[]", start, n)
                    p = start + n * idsize
                elif sub == 0x23:
                    oid = rid(p)
                    n = struct.unpack_from(">I", data, p + idsize + 4)[0]
                    t = data[p + idsize + 8]
                    obj_class[oid] = PRIM_NAMES[t]
                    obj_size[oid] = 16 + n * BASIC[t]
                    p += idsize + 9 + n * BASIC[t]
                else:
                    raise SystemExit("unknown heap record 0x%x at %d" % (sub, p))

    def name_of(oid):
        c = obj_class.get(oid)
        return c if isinstance(c, str) else class_names.get(c, "?")

    def layout(cid):
        out = []
        while cid:
            out.extend(class_fields.get(cid, []))
            cid = class_super.get(cid, 0)
        return out

    layouts = {}
    parent = {}  # object id -> (referrer id, field)
    for oid, r in refs.items():
        if r[0] == "[]":
            _, start, n = r
            for i in range(n):
                t = rid(start + i * idsize)
                if t and t not in parent:
                    parent[t] = (oid, "[]")
            continue
        cid, off = r
        fl = layouts.get(cid)
        if fl is None:
            fl = layouts[cid] = layout(cid)
        for fname, t in fl:
            if t == 2:
                target = rid(off)
                # A view's link back to its collection (this$0) is not who holds it.
                if target and target not in parent and not fname.startswith("this$"):
                    parent[target] = (oid, fname)
                off += idsize
            else:
                off += BASIC[t]

    children = defaultdict(list)
    for child, (p, _) in parent.items():
        children[p].append(child)

    def own_bytes(oid):
        # The object and the collection insides only it holds (a map's table and entries), not
        # the maps nested in it (they are counted on their own).
        total, stack = 0, [oid]
        while stack:
            o = stack.pop()
            total += obj_size.get(o, 0)
            for c in children.get(o, ()):
                if name_of(c) in INSIDES and name_of(c) not in ("java.util.LinkedHashMap", "java.util.ArrayList"):
                    stack.append(c)
        return total

    if chains:
        import random
        found = [o for o in obj_class if name_of(o) == wanted[0]]
        random.seed(1)
        for oid in random.sample(found, min(samples, len(found))):
            print("\n%s %x" % (wanted[0], oid))
            o, seen = oid, {oid}
            while o in parent and parent[o][0] not in seen:
                p, f = parent[o]
                print("  <- %s.%s" % (name_of(p), f))
                o = p
                seen.add(o)
        return

    by_class = defaultdict(lambda: [0, 0])
    for oid, size in obj_size.items():
        entry = by_class[name_of(oid)]
        entry[0] += 1
        entry[1] += size
    print("heap: %.1f MB in %d objects; the largest classes:" % (
        sum(obj_size.values()) / 1e6, len(obj_size)))
    for name, (count, size) in sorted(by_class.items(), key=lambda kv: -kv[1][1])[:25]:
        print("  %9d %8.2f MB  %s" % (count, size / 1e6, name))

    by_package = defaultdict(int)
    for name, (count, size) in by_class.items():
        by_package[name.rsplit(".", 1)[0] if "." in name and not name.startswith("[") else name] += size
    print("the largest packages (arrays by element type):")
    for name, size in sorted(by_package.items(), key=lambda kv: -kv[1])[:15]:
        print("  %8.2f MB  %s" % (size / 1e6, name))

    for wanted_class in wanted:
        by_owner = defaultdict(lambda: [0, 0, 0])
        for oid in obj_class:
            if name_of(oid) != wanted_class:
                continue
            owner, field, nested, hops = oid, "(root)", False, 0
            while owner in parent and hops < 40:
                p, f = parent[owner]
                hops += 1
                if name_of(p) in INSIDES:
                    if owner != oid and name_of(owner) == "java.util.LinkedHashMap":
                        nested = True
                    owner = p
                    continue
                owner, field = p, f
                break
            key = "%s.%s%s" % (name_of(owner).split(".")[-1], field, " (nested)" if nested else "")
            if owner == oid:
                key = "(no referrer)"
            entry = by_owner[key]
            entry[0] += 1
            entry[1] += own_bytes(oid)
            # No array or table of its own: an empty list or map.
            entry[2] += 0 if children.get(oid) else 1
        total = sum(v[1] for v in by_owner.values())
        print("\n%s: %d instances, %.1f MB with what they alone hold" % (
            wanted_class, sum(v[0] for v in by_owner.values()), total / 1e6))
        print("  %9s %8s %9s  %s" % ("count", "bytes", "empty", "held by"))
        for key, (count, size, empty) in sorted(by_owner.items(), key=lambda kv: -kv[1][1])[:40]:
            print("  %9d %8.2f MB %9d  %s" % (count, size / 1e6, empty, key))


if __name__ == "__main__":
    main()
