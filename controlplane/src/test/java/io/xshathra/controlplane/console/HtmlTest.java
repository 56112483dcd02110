package io.xshathra.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void escapesEveryCharacterThatCanEndTextOrAnAttribute() {
        assertThat(Html.esc("<script>alert('x')</script>")).isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        assertThat(Html.esc("a & b \"q\" `t`")).isEqualTo("a &amp; b &quot;q&quot; &#96;t&#96;");
        assertThat(Html.esc("\" onmouseover=\"x")).doesNotContain("\"");
    }

    @Test
    void leavesPlainTextAloneAndNullEmpty() {
        String plain = "staging (EU) — ünïcode 🚀";
        assertThat(Html.esc(plain)).isSameAs(plain);
        assertThat(Html.esc(null)).isEmpty();
        assertThat(Html.esc(42)).isEqualTo("42");
    }

    @Test
    void templatesEscapeArgumentsByDefault() {
        Html.Safe s = Html.t("<p title=\"{}\">{}</p>", "a\"b", "<b>");
        assertThat(s.html()).isEqualTo("<p title=\"a&quot;b\">&lt;b&gt;</p>");
    }

    @Test
    void safeFragmentsAreInsertedAsTheyAre() {
        Html.Safe inner = Html.t("<b>{}</b>", "<i>");
        assertThat(Html.t("<p>{}{}</p>", inner, Html.raw("<br>")).html()).isEqualTo("<p><b>&lt;i&gt;</b><br></p>");
    }

    @Test
    void aFragmentPassedAsTextIsEscapedAgainOnlyWhenItIsNotSafe() {
        assertThat(Html.t("{}", (Object) "<b>").html()).isEqualTo("&lt;b&gt;");
        assertThat(Html.t("{}", Html.raw("<b>")).html()).isEqualTo("<b>");
    }

    @Test
    void placeholdersAndArgumentsMustPairUp() {
        assertThatThrownBy(() -> Html.t("{} {}", "one")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Html.t("{}", "one", "two")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void argumentsThatLookLikePlaceholdersAreNotExpanded() {
        assertThat(Html.t("{}-{}", "{}", "x").html()).isEqualTo("{}-x");
    }

    @Test
    void joinAndWhenCompose() {
        assertThat(Html.join(Html.raw("a"), Html.raw("b")).html()).isEqualTo("ab");
        assertThat(Html.when(false, Html.raw("x"))).isEqualTo(Html.EMPTY);
        assertThat(Html.when(true, Html.raw("x")).html()).isEqualTo("x");
    }
}
