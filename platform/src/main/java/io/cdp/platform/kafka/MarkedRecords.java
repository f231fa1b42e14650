package io.cdp.platform.kafka;

import java.util.Collection;
import java.util.List;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Parses only the records whose bytes hold one of the markers, and gives null for the others, which listeners
 * skip. For a consumer that wants few of a topic's records (conversion events among all events, erasures among
 * all profile changes): a marker is the JSON form of a value every wanted record carries, so a record without
 * it cannot be wanted and is not parsed. A record with it may still be unwanted: the listener decides.
 */
final class MarkedRecords<T> implements Deserializer<T> {

    private final List<byte[]> markers;
    private final Deserializer<T> json;

    MarkedRecords(Collection<String> values, Deserializer<T> json) {
        this.markers = values.stream().map(KafkaJson.MAPPER::writeValueAsBytes).toList();
        this.json = json;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return marked(data) ? json.deserialize(topic, data) : null;
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        return marked(data) ? json.deserialize(topic, headers, data) : null;
    }

    private boolean marked(byte[] data) {
        return data != null && markers.stream().anyMatch(marker -> contains(data, marker));
    }

    static boolean contains(byte[] data, byte[] marker) {
        int last = data.length - marker.length;
        outer:
        for (int i = 0; i <= last; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (data[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        json.close();
    }
}
