package io.xshathra.engine.tags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.protocol.proto.FilterNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagsFilterTest {
    private static final Map<String, String> TAGS = Map.of("ticker", "BTC", "price", "105.5", "region", "eu-west");

    private static FilterNode leaf(String key, String cmp, String val) {
        return FilterNode.newBuilder().setKey(key).setCmp(cmp).setVal(val).build();
    }

    private static FilterNode set(String key, String cmp, String... vals) {
        return FilterNode.newBuilder().setKey(key).setCmp(cmp).addAllVals(List.of(vals)).build();
    }

    private static FilterNode op(String op, FilterNode... nodes) {
        return FilterNode.newBuilder().setOp(op).addAllNodes(List.of(nodes)).build();
    }

    private static boolean matches(FilterNode f, Map<String, String> tags) throws InvalidTagsFilterException {
        return TagsFilter.compile(f).matches(tags);
    }

    @Test
    void stringComparisons() throws Exception {
        assertThat(matches(leaf("ticker", "eq", "BTC"), TAGS)).isTrue();
        assertThat(matches(leaf("ticker", "eq", "ETH"), TAGS)).isFalse();
        assertThat(matches(leaf("missing", "eq", "x"), TAGS)).isFalse();
        assertThat(matches(leaf("ticker", "neq", "ETH"), TAGS)).isTrue();
        assertThat(matches(leaf("missing", "neq", "x"), TAGS)).as("absent key is not equal").isTrue();
        assertThat(matches(leaf("region", "sw", "eu-"), TAGS)).isTrue();
        assertThat(matches(leaf("region", "ew", "west"), TAGS)).isTrue();
        assertThat(matches(leaf("region", "ct", "-we"), TAGS)).isTrue();
        assertThat(matches(leaf("region", "ct", "us"), TAGS)).isFalse();
        assertThat(matches(leaf("missing", "sw", "a"), TAGS)).isFalse();
    }

    @Test
    void setAndExistence() throws Exception {
        assertThat(matches(set("ticker", "in", "ETH", "BTC"), TAGS)).isTrue();
        assertThat(matches(set("ticker", "nin", "ETH", "BTC"), TAGS)).isFalse();
        assertThat(matches(set("missing", "in", "", "x"), TAGS)).as("absent compares as empty").isTrue();
        assertThat(matches(set("missing", "nin", "x"), TAGS)).isTrue();
        assertThat(matches(FilterNode.newBuilder().setKey("ticker").setCmp("ex").build(), TAGS)).isTrue();
        assertThat(matches(FilterNode.newBuilder().setKey("nope").setCmp("nex").build(), TAGS)).isTrue();
        assertThat(matches(FilterNode.newBuilder().setCmp("ex").build(), Map.of("", "v"))).isTrue();
    }

    @Test
    void numericComparisonsUseDecimals() throws Exception {
        assertThat(matches(leaf("price", "gt", "100"), TAGS)).isTrue();
        assertThat(matches(leaf("price", "gte", "105.50"), TAGS)).isTrue();
        assertThat(matches(leaf("price", "lt", "105.5"), TAGS)).isFalse();
        assertThat(matches(leaf("price", "lte", "105.5"), TAGS)).isTrue();
        assertThat(matches(leaf("price", "gt", "-3"), Map.of("price", "+2"))).isTrue();
        assertThat(matches(leaf("ticker", "gt", "1"), TAGS)).as("not a number").isFalse();
        assertThat(matches(leaf("price", "gt", "1e2"), TAGS)).as("no exponents").isFalse();
        assertThat(matches(leaf("price", "gt", "1"), Map.of("price", "2."))).isFalse();
        assertThat(matches(leaf("missing", "lt", "1"), TAGS)).isFalse();
    }

    @Test
    void logicalNodes() throws Exception {
        FilterNode btcAbove100 = op("and", leaf("ticker", "eq", "BTC"), leaf("price", "gt", "100"));
        assertThat(matches(btcAbove100, TAGS)).isTrue();
        assertThat(matches(op("not", btcAbove100), TAGS)).isFalse();
        assertThat(matches(op("or", leaf("ticker", "eq", "ETH"), leaf("region", "sw", "eu")), TAGS)).isTrue();
        assertThat(matches(op("or", leaf("ticker", "eq", "ETH"), leaf("region", "sw", "us")), TAGS)).isFalse();
        assertThat(matches(op("and", leaf("ticker", "eq", "BTC"), op("not", set("region", "in", "eu-west"))), TAGS))
                .isFalse();
        assertThat(matches(leaf("ticker", "eq", "BTC"), Map.of())).isFalse();
    }

    @Test
    void malformedFiltersAreRefused() {
        List<FilterNode> bad = List.of(
                FilterNode.newBuilder().build(),
                FilterNode.newBuilder().setKey("a").setCmp("like").setVal("x").build(),
                FilterNode.newBuilder().setKey("a").setCmp("eq").build(),
                FilterNode.newBuilder().setKey("a").setCmp("eq").setVal("x").addVals("y").build(),
                FilterNode.newBuilder().setKey("a").setCmp("in").build(),
                FilterNode.newBuilder().setKey("a").setCmp("in").setVal("x").addVals("y").build(),
                FilterNode.newBuilder().setKey("a").setCmp("ex").setVal("x").build(),
                FilterNode.newBuilder().setCmp("eq").setVal("x").build(),
                op("and"),
                op("or"),
                op("not"),
                op("not", leaf("a", "eq", "1"), leaf("b", "eq", "2")),
                op("xor", leaf("a", "eq", "1")),
                op("and", leaf("a", "eq", "1"), FilterNode.newBuilder().setKey("b").build()));
        for (FilterNode f : bad) {
            assertThatThrownBy(() -> TagsFilter.compile(f)).as(f.toString()).isInstanceOf(InvalidTagsFilterException.class);
        }
    }

    @Test
    void depthAndSizeAreBounded() throws Exception {
        FilterNode deep = leaf("a", "eq", "1");
        for (int i = 1; i < TagsFilter.MAX_DEPTH; i++) {
            deep = op("not", deep);
        }
        assertThat(matches(deep, Map.of("a", "1"))).isEqualTo(TagsFilter.MAX_DEPTH % 2 == 1);
        FilterNode tooDeep = op("not", deep);
        assertThatThrownBy(() -> TagsFilter.compile(tooDeep)).isInstanceOf(InvalidTagsFilterException.class);

        String[] many = new String[TagsFilter.MAX_TERMS];
        java.util.Arrays.fill(many, "v");
        FilterNode wide = set("a", "in", many);
        assertThatThrownBy(() -> TagsFilter.compile(wide)).isInstanceOf(InvalidTagsFilterException.class);
        assertThat(matches(set("a", "in", java.util.Arrays.copyOf(many, TagsFilter.MAX_TERMS - 1)), Map.of("a", "v")))
                .isTrue();
    }
}
