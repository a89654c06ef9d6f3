package io.loomotp.observer.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;

/**
 * The HTTP side of the observer's requests: the token check, query parameters, and the responses. The token is
 * compared in constant time; every response says {@code no-store}, so that no cache keeps a node's data.
 */
final class Http {
    static final String TOKEN_HEADER = "X-Observer-Token";

    private Http() {}

    /**
     * Whether a request carries the token: the header, or (for a GET only, as the page's links and its event streams
     * cannot set headers) the {@code token} query parameter. An action (POST) needs the header: a form on another
     * site cannot set it, so there is no cross-site request forgery to guard against.
     */
    static boolean authorized(HttpExchange ex, Map<String, String> query, byte[] token) {
        String header = ex.getRequestHeaders().getFirst(TOKEN_HEADER);
        if (header != null) {
            return same(header, token);
        }
        return "GET".equals(ex.getRequestMethod()) && query.containsKey("token") && same(query.get("token"), token);
    }

    private static boolean same(String given, byte[] token) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token);
    }

    static Map<String, String> query(HttpExchange ex) {
        Map<String, String> q = new HashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            String key = URLDecoder.decode(k, StandardCharsets.UTF_8);
            if (q.put(key, URLDecoder.decode(v, StandardCharsets.UTF_8)) != null) {
                // pid=A&pid=B: which one was meant? Answered 200 for the last, silently; now a mistake, said so
                throw new IllegalArgumentException(Answer.clip(key) + " is given twice: give each parameter once");
            }
        }
        return q;
    }

    static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Referrer-Policy", "no-referrer"); // the token is in the page's URL
        if ("HEAD".equals(ex.getRequestMethod())) {
            ex.sendResponseHeaders(status, -1); // a HEAD answer has no body: a length makes the JDK's server warn
            ex.close();
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    static void send(HttpExchange ex, Answer a) throws IOException {
        send(ex, a.status(), a.contentType(), a.bytes());
    }

    static void json(HttpExchange ex, int status, Object value) throws IOException {
        send(ex, status, "application/json; charset=utf-8", Json.write(value).getBytes(StandardCharsets.UTF_8));
    }

    static void text(HttpExchange ex, int status, String text) throws IOException {
        send(ex, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    static void html(HttpExchange ex, String html) throws IOException {
        send(ex, 200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    /** HTML-escapes text for the fragments the server renders. */
    static String escape(Object o) {
        String s = String.valueOf(o);
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
