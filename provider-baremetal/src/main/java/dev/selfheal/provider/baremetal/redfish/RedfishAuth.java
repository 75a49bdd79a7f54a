package dev.selfheal.provider.baremetal.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.provider.baremetal.bmc.BmcCall;
import dev.selfheal.provider.baremetal.redfish.RedfishSettings.AuthMode;
import dev.selfheal.spi.PermanentProviderException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs in to BMCs: a Redfish session ({@code POST} to the service's Sessions collection, then the
 * {@code X-Auth-Token} header) when the service offers one and the mode allows it, else HTTP basic
 * authentication. One login per BMC and user, shared by all calls; a rejected token is dropped and the
 * next call logs in again. {@link #close()} deletes the sessions. Thread-safe.
 */
final class RedfishAuth {

    private static final Logger LOG = LoggerFactory.getLogger(RedfishAuth.class);
    static final String LOGIN = "redfish:POST SessionService/Sessions";

    /** How requests to one BMC are authorized. */
    private sealed interface Login permits Basic, Session {
    }

    private record Basic() implements Login {
    }

    private record Session(String token, URI location, BmcCall owner) implements Login {
        @Override
        public String toString() {
            return "Session[****]";
        }
    }

    private final AuthMode mode;
    private final RedfishHttp http;
    private final Map<String, Login> logins = new ConcurrentHashMap<>();

    RedfishAuth(AuthMode mode, RedfishHttp http) {
        this.mode = mode;
        this.http = http;
    }

    /** Adds the authorization header for the call's BMC and user, logging in first if needed. */
    HttpRequest.Builder authorize(BmcCall call, HttpRequest.Builder request) {
        Login login = logins.computeIfAbsent(key(call), k -> login(call));
        if (login instanceof Session s) {
            return request.header("X-Auth-Token", s.token());
        }
        return request.header("Authorization", basic(call));
    }

    /** Whether the call's BMC is used with a session token (which a 401 may have expired). */
    boolean usesSession(BmcCall call) {
        return logins.get(key(call)) instanceof Session;
    }

    /** Forgets the session of the call's BMC after the BMC rejected its token. */
    void dropSession(BmcCall call) {
        logins.computeIfPresent(key(call), (k, v) -> v instanceof Session ? null : v);
    }

    /** Deletes every session, best effort. Never throws. */
    void close() {
        for (Login l : logins.values()) {
            if (l instanceof Session s && s.location() != null) {
                try {
                    http.send(s.owner(), "redfish:DELETE Session", http.request(s.location())
                            .header("X-Auth-Token", s.token()).DELETE().build());
                } catch (RuntimeException e) {
                    LOG.debug("could not delete Redfish session {}: {}", s.owner().redactor().redact(s.location().getRawPath()),
                            e.getMessage());
                }
            }
        }
        logins.clear();
    }

    private Login login(BmcCall call) {
        if ("http".equals(call.target().address().scheme())) {
            LOG.warn("BMC {} of {} is reached over plain http: its credentials travel unencrypted; use https://",
                    call.target().address(), call.describe());
        }
        if (mode == AuthMode.BASIC) {
            return new Basic();
        }
        URI base = base(call);
        Optional<String> sessions = sessionsPath(http.send(call, "redfish:GET ServiceRoot",
                http.request(base.resolve("/redfish/v1/")).GET().build()));
        if (sessions.isEmpty()) {
            return fallback(call, "the service root links no Sessions collection");
        }
        RedfishResponse r = http.send(call, LOGIN, http.request(base.resolve(sessions.get()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(loginBody(call), StandardCharsets.UTF_8)).build());
        if (r.status() == 404 || r.status() == 405 || r.status() == 501) {
            return fallback(call, "the Sessions collection answered HTTP " + r.status());
        }
        if (!r.ok()) {
            throw RedfishHttp.statusFailure(call, LOGIN, r);
        }
        String token = r.header("X-Auth-Token").orElseThrow(() -> new PermanentProviderException(call.describe(), LOGIN,
                "the BMC at " + call.target().address() + " created a session but sent no X-Auth-Token header"));
        return new Session(token, sessionLocation(base, r), call);
    }

    private Login fallback(BmcCall call, String why) {
        if (mode == AuthMode.SESSION) {
            throw new PermanentProviderException(call.describe(), LOGIN, "redfish.auth=session but " + why
                    + " at the BMC " + call.target().address() + "; use redfish.auth=auto or basic");
        }
        LOG.debug("BMC {}: {}; using HTTP basic authentication", call.target().address(), why);
        return new Basic();
    }

    /** The Sessions collection's path from a service root, if it links one. */
    static Optional<String> sessionsPath(RedfishResponse root) {
        JsonNode json = root.json();
        String path = json.path("Links").path("Sessions").path("@odata.id").asText("");
        return root.ok() && path.startsWith("/") ? Optional.of(path) : Optional.empty();
    }

    /** Where a created session lives: the Location header, else the body's {@code @odata.id}. */
    static URI sessionLocation(URI base, RedfishResponse created) {
        String location = created.header("Location").orElse(created.json().path("@odata.id").asText(""));
        return location.isEmpty() ? null : base.resolve(location);
    }

    private static String loginBody(BmcCall call) {
        ObjectNode body = RedfishResponse.JSON.createObjectNode();
        body.put("UserName", call.credentials().username());
        body.put("Password", call.credentials().password().reveal());
        return body.toString();
    }

    private static String basic(BmcCall call) {
        String pair = call.credentials().username() + ":" + call.credentials().password().reveal();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    static URI base(BmcCall call) {
        return URI.create(call.target().address().toString());
    }

    private static String key(BmcCall call) {
        return call.target().address() + "|" + call.credentials().source() + "|" + call.credentials().username();
    }
}
