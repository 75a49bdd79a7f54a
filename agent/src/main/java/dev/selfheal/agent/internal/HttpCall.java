package dev.selfheal.agent.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * Small, bounded HTTP(S) calls for probes, etcd's gateway and the clock reference: {@link HttpURLConnection}
 * (no extra threads, HTTP/1.1), connect and read time-outs, bodies read up to a limit.
 */
public final class HttpCall {

    /** The most of a body {@link #get} reads. */
    static final int BODY_LIMIT = 64 * 1024;

    private final SSLSocketFactory ssl;
    private final boolean insecure;
    private final int timeoutMillis;

    /**
     * @param caFile the CA bundle to trust (null: the JDK's)
     * @param certFile the client certificate (null: none)
     * @param keyFile its key
     * @param insecure skip verification (only where the configuration says so)
     * @param timeout connect and read time-out
     */
    public HttpCall(Path caFile, Path certFile, Path keyFile, boolean insecure, Duration timeout) {
        this.ssl = TlsContexts.create(caFile, certFile, keyFile, insecure).getSocketFactory();
        this.insecure = insecure;
        this.timeoutMillis = (int) Math.max(1, timeout.toMillis());
    }

    /** An answer: status, the start of the body, and the Date header in epoch millis (0 when absent). */
    public record Response(int status, String body, long date) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    public Response get(String url) throws IOException {
        HttpURLConnection c = open(url);
        try {
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String body = in == null ? "" : new String(in.readNBytes(BODY_LIMIT), StandardCharsets.UTF_8);
            return new Response(status, body, c.getDate());
        } finally {
            c.disconnect();
        }
    }

    public Response post(String url, String json) throws IOException {
        HttpURLConnection c = openPost(url, json);
        try {
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Response(status, body, c.getDate());
        } finally {
            c.disconnect();
        }
    }

    /** A POST whose answer is streamed; the caller closes the connection by closing the stream. */
    public InputStream postStream(String url, String json, Duration readTimeout) throws IOException {
        HttpURLConnection c = openPost(url, json);
        c.setReadTimeout((int) readTimeout.toMillis());
        int status = c.getResponseCode();
        if (status != 200) {
            InputStream err = c.getErrorStream();
            String body = err == null ? "" : new String(err.readNBytes(2048), StandardCharsets.UTF_8);
            c.disconnect();
            throw new IOException("POST " + url + " answered " + status + ": " + body.strip());
        }
        return c.getInputStream();
    }

    private HttpURLConnection openPost(String url, String json) throws IOException {
        HttpURLConnection c = open(url);
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        c.setFixedLengthStreamingMode(b.length);
        try (OutputStream out = c.getOutputStream()) {
            out.write(b);
        }
        return c;
    }

    private HttpURLConnection open(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(timeoutMillis);
        c.setReadTimeout(timeoutMillis);
        c.setUseCaches(false);
        c.setInstanceFollowRedirects(false);
        if (c instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(ssl);
            if (insecure) {
                https.setHostnameVerifier((host, session) -> true);
            }
        }
        return c;
    }
}
