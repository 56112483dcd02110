package io.xshathra.engine.tags;

import io.xshathra.protocol.proto.FilterNode;
import java.util.List;
import java.util.Map;

/**
 * A subscriber's filter over publication tags (the subscribe request's {@code tf}), compiled
 * once at subscribe time and then evaluated for every publication the subscriber would get.
 *
 * <p>Semantics follow Centrifugo: a node is a leaf comparison ({@code op} empty) or {@code and},
 * {@code or} (at least one child) or {@code not} (exactly one child). Leaf comparisons on the
 * value of {@code key} in the tags: {@code eq}, {@code neq} (also true when the key is absent),
 * {@code in} / {@code nin} (an absent key compares as the empty string), {@code ex} / {@code nex},
 * {@code sw} / {@code ew} / {@code ct} (prefix, suffix, substring; false when absent), and the
 * numeric {@code lt} / {@code lte} / {@code gt} / {@code gte}, which compare decimals (an
 * optional sign, digits, optionally a point and up to 19 more digits) and are false when either
 * side is absent or not such a number.
 *
 * <p>{@link #compile} refuses a malformed tree (the rules of {@link FilterNode}: each comparison
 * with exactly the operands it uses, a key except for {@code ex}/{@code nex}) and, to bound the
 * work a hostile client can ask of every publication, one deeper than {@link #MAX_DEPTH} or with
 * more than {@link #MAX_TERMS} nodes and values in all. {@link #matches} is a pure function that
 * allocates nothing for string comparisons. Thread-safe (immutable).
 */
public final class TagsFilter {
    /** Deepest nesting accepted (the root is depth 1). */
    public static final int MAX_DEPTH = 32;
    /** Most nodes plus values ({@code vals} entries) in one filter. */
    public static final int MAX_TERMS = 1024;

    private final Node root;

    private TagsFilter(Node root) {
        this.root = root;
    }

    /**
     * Checks and compiles a filter.
     *
     * @throws InvalidTagsFilterException when the tree breaks a rule or a bound
     */
    public static TagsFilter compile(FilterNode f) throws InvalidTagsFilterException {
        int[] terms = {0};
        return new TagsFilter(node(f, 1, terms));
    }

    /** True when a publication with these tags passes the filter. */
    public boolean matches(Map<String, String> tags) {
        return root.test(tags);
    }

    private sealed interface Node permits Leaf, All, Any, Not {
        boolean test(Map<String, String> tags);
    }

    private static Node node(FilterNode f, int depth, int[] terms) throws InvalidTagsFilterException {
        if (depth > MAX_DEPTH) {
            throw new InvalidTagsFilterException("filter nested deeper than " + MAX_DEPTH);
        }
        terms[0] += 1 + f.getValsCount();
        if (terms[0] > MAX_TERMS) {
            throw new InvalidTagsFilterException("filter larger than " + MAX_TERMS + " terms");
        }
        switch (f.getOp()) {
            case "" -> {
                return leaf(f);
            }
            case "and", "or" -> {
                if (f.getNodesCount() == 0) {
                    throw new InvalidTagsFilterException(f.getOp() + " node must have at least one child");
                }
                Node[] children = new Node[f.getNodesCount()];
                for (int i = 0; i < children.length; i++) {
                    children[i] = node(f.getNodes(i), depth + 1, terms);
                }
                return f.getOp().equals("and") ? new All(children) : new Any(children);
            }
            case "not" -> {
                if (f.getNodesCount() != 1) {
                    throw new InvalidTagsFilterException("not node must have exactly one child");
                }
                return new Not(node(f.getNodes(0), depth + 1, terms));
            }
            default -> throw new InvalidTagsFilterException("invalid op");
        }
    }

    private static Node leaf(FilterNode f) throws InvalidTagsFilterException {
        Cmp cmp = Cmp.of(f.getCmp());
        if (cmp == null) {
            throw new InvalidTagsFilterException(f.getCmp().isEmpty() ? "leaf node must have cmp set"
                    : "unknown comparison operator");
        }
        boolean hasVal = !f.getVal().isEmpty();
        boolean hasVals = f.getValsCount() > 0;
        switch (cmp) {
            case IN, NIN -> {
                if (!hasVals || hasVal) {
                    throw new InvalidTagsFilterException(cmp.name + " comparison requires vals and no val");
                }
            }
            case EX, NEX -> {
                if (hasVal || hasVals) {
                    throw new InvalidTagsFilterException(cmp.name + " comparison must not use val or vals");
                }
            }
            default -> {
                if (!hasVal || hasVals) {
                    throw new InvalidTagsFilterException(cmp.name + " comparison requires val and no vals");
                }
            }
        }
        if (f.getKey().isEmpty() && cmp != Cmp.EX && cmp != Cmp.NEX) {
            throw new InvalidTagsFilterException("leaf node requires key");
        }
        String number = cmp.numeric && Decimals.valid(f.getVal()) ? f.getVal() : null;
        return new Leaf(f.getKey(), cmp, f.getVal(), f.getValsList().toArray(new String[0]), number);
    }

    private enum Cmp {
        EQ("eq", false), NEQ("neq", false), IN("in", false), NIN("nin", false), EX("ex", false),
        NEX("nex", false), SW("sw", false), EW("ew", false), CT("ct", false),
        LT("lt", true), LTE("lte", true), GT("gt", true), GTE("gte", true);

        private static final List<Cmp> ALL = List.of(values());
        final String name;
        final boolean numeric;

        Cmp(String name, boolean numeric) {
            this.name = name;
            this.numeric = numeric;
        }

        static Cmp of(String name) {
            for (Cmp c : ALL) {
                if (c.name.equals(name)) {
                    return c;
                }
            }
            return null;
        }
    }

    /** A comparison; {@code number} is the {@code val} of a numeric one when it is a number (null: never true). */
    private record Leaf(String key, Cmp cmp, String val, String[] vals, String number) implements Node {
        @Override
        public boolean test(Map<String, String> tags) {
            String v = tags.get(key);
            return switch (cmp) {
                case EQ -> v != null && v.equals(val);
                case NEQ -> v == null || !v.equals(val);
                case IN -> contains(vals, v == null ? "" : v);
                case NIN -> !contains(vals, v == null ? "" : v);
                case EX -> v != null;
                case NEX -> v == null;
                case SW -> v != null && v.startsWith(val);
                case EW -> v != null && v.endsWith(val);
                case CT -> v != null && v.contains(val);
                case LT, LTE, GT, GTE -> compareNumbers(v);
            };
        }

        private boolean compareNumbers(String v) {
            if (v == null || number == null || !Decimals.valid(v)) {
                return false;
            }
            int c = Decimals.compare(v, number);
            return switch (cmp) {
                case LT -> c < 0;
                case LTE -> c <= 0;
                case GT -> c > 0;
                default -> c >= 0;
            };
        }

        private static boolean contains(String[] vals, String v) {
            for (String s : vals) {
                if (s.equals(v)) {
                    return true;
                }
            }
            return false;
        }
    }

    private record All(Node[] children) implements Node {
        @Override
        public boolean test(Map<String, String> tags) {
            for (Node n : children) {
                if (!n.test(tags)) {
                    return false;
                }
            }
            return true;
        }
    }

    private record Any(Node[] children) implements Node {
        @Override
        public boolean test(Map<String, String> tags) {
            for (Node n : children) {
                if (n.test(tags)) {
                    return true;
                }
            }
            return false;
        }
    }

    private record Not(Node child) implements Node {
        @Override
        public boolean test(Map<String, String> tags) {
            return !child.test(tags);
        }
    }
}
