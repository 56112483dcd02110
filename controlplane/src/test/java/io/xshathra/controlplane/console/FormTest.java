package io.xshathra.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.controlplane.web.WebHeaders;
import io.xshathra.controlplane.web.WebRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FormTest {

    @Test
    void decodesUrlEncodedFieldsKeepingSemicolonsAndPlusAsSpace() {
        Form f = Form.parse("email=a%40b.example&password=p%3Bq;r+s%2Bt&name=%C3%BCber");
        assertThat(f.get("email")).isEqualTo("a@b.example");
        assertThat(f.get("password")).isEqualTo("p;q;r s+t");
        assertThat(f.get("name")).isEqualTo("über");
    }

    @Test
    void missingFieldsAreEmptyAndTheFirstValueWins() {
        Form f = Form.parse("a=1&a=2&empty=");
        assertThat(f.get("a")).isEqualTo("1");
        assertThat(f.get("empty")).isEmpty();
        assertThat(f.has("empty")).isTrue();
        assertThat(f.get("nope")).isEmpty();
        assertThat(f.has("nope")).isFalse();
        assertThat(Form.parse(null).get("a")).isEmpty();
    }

    @Test
    void toStringNeverShowsValues() {
        assertThat(Form.parse("password=hunter2hunter2").toString()).doesNotContain("hunter2");
    }

    @Test
    void readsAPostBody() {
        WebRequest req = post("application/x-www-form-urlencoded; charset=UTF-8", "name=staging");
        assertThat(Form.of(req).get("name")).isEqualTo("staging");
    }

    @Test
    void refusesOtherContentTypesAndLargeBodies() {
        WebRequest json = post("application/json", "{\"name\":\"x\"}");
        WebRequest big = post("application/x-www-form-urlencoded", "a=" + "x".repeat(Form.MAX_BODY));
        assertThatThrownBy(() -> Form.of(json)).isInstanceOfSatisfying(Form.Refused.class,
                e -> assertThat(e.status).isEqualTo(415));
        assertThatThrownBy(() -> Form.of(big)).isInstanceOfSatisfying(Form.Refused.class,
                e -> assertThat(e.status).isEqualTo(413));
    }

    @Test
    void anEmptyBodyIsAnEmptyForm() {
        WebRequest req = post(null, "");
        assertThat(Form.of(req).has("x")).isFalse();
    }

    private static WebRequest post(String type, String body) {
        WebHeaders headers = new WebHeaders();
        if (type != null) {
            headers.set("Content-Type", type);
        }
        return new WebRequest("POST", "/login", "/login", headers, body.getBytes(StandardCharsets.UTF_8), null);
    }
}
