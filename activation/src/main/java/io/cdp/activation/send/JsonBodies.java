package io.cdp.activation.send;

import tools.jackson.databind.json.JsonMapper;

/** The JSON writer for every outgoing body, so that signatures are computed over exactly what is sent. */
final class JsonBodies {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonBodies() {
    }

    static String write(Object body) {
        return JSON.writeValueAsString(body);
    }
}
