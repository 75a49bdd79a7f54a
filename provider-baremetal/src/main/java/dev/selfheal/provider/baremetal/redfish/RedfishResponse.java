package dev.selfheal.provider.baremetal.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.util.Optional;

/**
 * A BMC's answer to one request.
 *
 * @param status the HTTP status
 * @param headers the response headers
 * @param body the body as text
 */
record RedfishResponse(int status, HttpHeaders headers, String body) {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Whether the status is 2xx. */
    boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The body as JSON; a missing node when it is empty or not JSON. */
    JsonNode json() {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    /** A header's first value. */
    Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /**
     * The Redfish error text of a failed request: {@code error.message} and the messages of
     * {@code error.@Message.ExtendedInfo}, or the start of the body.
     */
    String errorMessage() {
        JsonNode error = json().path("error");
        StringBuilder b = new StringBuilder(error.path("message").asText(""));
        for (JsonNode info : error.path("@Message.ExtendedInfo")) {
            String m = info.path("Message").asText("");
            if (!m.isEmpty()) {
                b.append(b.length() > 0 ? "; " : "").append(m);
            }
        }
        if (b.length() == 0 && body != null) {
            b.append(body.strip());
        }
        return b.toString();
    }
}
