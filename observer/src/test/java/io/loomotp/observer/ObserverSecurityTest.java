package io.loomotp.observer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The observer's access rules, over plain HTTP: loopback, a token on every request, a header on every action. */
class ObserverSecurityTest {
    private static ObservedNode live;
    private static HttpClient http;
    private static String base;
    private static String token;

    @BeforeAll
    static void start() {
        live = new ObservedNode("guarded");
        http = live.http;
        base = live.base;
        token = live.token;
    }

    @AfterAll
    static void stop() {
        live.close();
    }

    private static HttpResponse<String> get(String path, String header) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (header != null) {
            b.header("X-Observer-Token", header);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String header) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (header != null) {
            b.header("X-Observer-Token", header);
        }
        return http.send(b.POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void start_bindsToLoopbackAndPrintsAUrlWithItsToken() {
        URI url = live.observer.url();

        assertThat(url.getHost()).isEqualTo(InetAddress.getLoopbackAddress().getHostAddress());
        assertThat(token).matches("[0-9a-f]{32}");
        assertThat(ObserverOptions.defaults().token()).isNotEqualTo(ObserverOptions.defaults().token());
        assertThat(ObserverOptions.defaults().toString()).doesNotContain(token);
    }

    @Test
    void request_withoutTheToken_isRefused() throws Exception {
        for (String path : new String[] {"/", "/api/node", "/api/processes", "/static/app.js",
                "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", "/events?topics=node", "/nothing"}) {
            HttpResponse<String> r = get(path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.body()).as(path).contains("access token").doesNotContain(token);
        }
    }

    /** A directory is nothing to serve, and a long wrong path or topic list is not echoed whole (a user's findings). */
    @Test
    void directories_404_andLongInputsAreClipped() throws Exception {
        for (String path : new String[] {"/static/", "/webjars/", "/webjars/uplot/"}) {
            assertThat(get(path, token).statusCode()).as(path).isEqualTo(404);
        }
        String longPath = "/static/" + "x".repeat(50_000);
        HttpResponse<String> r = get(longPath, token);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body().length()).isLessThan(1_000);
        assertThat(r.body()).contains("more characters");
    }

    /** An observer of a closed node would show nothing: refused. */
    @Test
    void start_onAClosedNode_isRefused() {
        io.loomotp.runtime.Node closed = io.loomotp.runtime.Node.create("closed-one");
        closed.close();
        assertThatThrownBy(() -> Observer.start(closed)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("node closed-one is closed");
    }

    @Test
    void request_withAWrongToken_isRefused() throws Exception {
        assertThat(get("/api/node?token=" + "0".repeat(32), null).statusCode()).isEqualTo(401);
        assertThat(get("/api/node", "0".repeat(32)).statusCode()).isEqualTo(401);
        assertThat(get("/api/node?token=" + token, "wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void action_withTheTokenOnlyInTheQuery_isRefused() throws Exception {
        String pid = enc(live.counter().toString());
        HttpResponse<String> r = post("/api/process/action?action=suspend&pid=" + pid + "&token=" + token, null);

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("X-Observer-Token");
        assertThat(live.node.info(live.counter()).status()).isNotEqualTo(io.loomotp.runtime.ProcessStatus.SUSPENDED);
    }

    @Test
    void action_withTheTokenInTheHeader_isDone() throws Exception {
        String pid = enc(live.counter().toString());

        HttpResponse<String> on = post("/api/process/action?action=statistics-on&pid=" + pid, token);
        HttpResponse<String> info = get("/api/process?pid=" + pid, token);

        assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
        assertThat(info.body()).contains("\"statistics\":{").contains("\"state\":\"Counter[count=");
    }

    @Test
    void page_withTheToken_servesEveryAssetItNames() throws Exception {
        HttpResponse<String> page = get("/?token=" + token, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        Matcher m = Pattern.compile("(?:src|href)=\"(/[^\"]+)\"").matcher(page.body());
        int assets = 0;
        while (m.find()) {
            HttpResponse<String> asset = get(m.group(1), null);
            assertThat(asset.statusCode()).as(m.group(1)).isEqualTo(200);
            assets++;
        }
        assertThat(assets).as("uPlot's script and style, htmx, the page's script and style").isEqualTo(5);
    }

    @Test
    void request_withBadInput_getsOneLine() throws Exception {
        HttpResponse<String> badSort = get("/api/processes?sort=colour", token);
        HttpResponse<String> deadPid = get("/api/process?pid=" + enc("<0.99999>"), token);
        HttpResponse<String> noLimit = post("/api/process/action?action=trace-on&pid=" + enc(live.counter().toString()), token);

        assertThat(badSort.statusCode()).isEqualTo(400);
        assertThat(badSort.body()).startsWith("no column 'colour'").hasLineCount(1);
        assertThat(deadPid.statusCode()).isEqualTo(404);
        assertThat(noLimit.statusCode()).isEqualTo(400);
        assertThat(noLimit.body()).contains("needs a limit");
    }

    @Test
    void options_refuseWhatWouldWeakenThePage() {
        ObserverOptions d = ObserverOptions.defaults();

        assertThatThrownBy(() -> d.withToken("short")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 16");
        assertThatThrownBy(() -> d.withSampleInterval(Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 250 ms");
        assertThatThrownBy(() -> d.withPort(70_000)).isInstanceOf(IllegalArgumentException.class);
    }
}
