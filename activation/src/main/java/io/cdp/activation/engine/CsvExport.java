package io.cdp.activation.engine;

import java.util.ArrayList;
import java.util.List;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.cdp.activation.domain.Activation;
import io.cdp.activation.domain.AudienceMember;
import io.cdp.platform.elasticsearch.Documents;
import io.cdp.activation.store.Entry;
import io.cdp.activation.send.AudienceMembers;
import io.cdp.profile.ProfileId;
import io.cdp.profile.ProfileSnapshot;
import io.cdp.profile.Profiles;

/**
 * The current members of an activation's segment as CSV (profile id, email, phone in E.164),
 * members without consent to the {@code consent} category left out.
 */
public final class CsvExport {

    private final Documents<Entry> entries;
    private final Profiles profiles;
    private final String consent;
    private final String defaultPhoneRegion;
    private final int pageSize;

    public CsvExport(Documents<Entry> entries, Profiles profiles, String consent, String defaultPhoneRegion,
            int pageSize) {
        this.entries = entries;
        this.profiles = profiles;
        this.consent = consent;
        this.defaultPhoneRegion = defaultPhoneRegion;
        this.pageSize = pageSize;
    }

    public String export(Activation activation) {
        StringBuilder csv = new StringBuilder("profile_id,email,phone\r\n");
        entries.scan(currentMembers(activation.segmentId()), "entryId", pageSize, page -> {
            List<ProfileId> ids = new ArrayList<>();
            page.forEach(e -> ids.add(ProfileId.of(e.profileId())));
            for (ProfileSnapshot profile : profiles.findAll(ids)) {
                if (consent == null || profile.consentedTo(consent)) {
                    AudienceMember m = AudienceMembers.of(profile, defaultPhoneRegion);
                    csv.append(m.profileId()).append(',').append(m.email() == null ? "" : m.email().value())
                            .append(',').append(m.phone() == null ? "" : m.phone().e164()).append("\r\n");
                }
            }
        });
        return csv.toString();
    }

    static Query currentMembers(String segmentId) {
        return Query.of(q -> q.bool(b -> b
                .filter(f -> f.term(t -> t.field("segmentId").value(segmentId)))
                .filter(f -> f.exists(e -> e.field("enteredAt")))
                .mustNot(m -> m.exists(e -> e.field("exitedAt")))));
    }
}
