package io.cdp.activation.engine;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import io.cdp.activation.ActivationProperties;
import io.cdp.activation.domain.Activation;
import io.cdp.activation.domain.AudienceMember;
import io.cdp.activation.send.AudienceMembers;
import io.cdp.activation.store.EntryStore;
import io.cdp.profile.ProfileId;
import io.cdp.profile.ProfileSnapshot;
import io.cdp.profile.Profiles;

/**
 * The current members of an activation's segment as CSV (profile id, email, phone in E.164),
 * members without consent to the {@code consent} category left out.
 */
@Component
public final class CsvExport {

    private final EntryStore entries;
    private final Profiles profiles;
    private final String consent;
    private final String defaultPhoneRegion;
    private final int pageSize;

    CsvExport(EntryStore entries, Profiles profiles, ActivationProperties properties) {
        this.entries = entries;
        this.profiles = profiles;
        this.consent = "email";
        this.defaultPhoneRegion = properties.defaultPhoneRegion();
        this.pageSize = properties.limits().syncPage();
    }

    public String export(Activation activation) {
        StringBuilder csv = new StringBuilder("profile_id,email,phone\r\n");
        entries.scanCurrentMembers(activation.segmentId(), pageSize, page -> {
            List<ProfileId> ids = new ArrayList<>();
            page.forEach(e -> ids.add(ProfileId.of(e.profileId())));
            for (ProfileSnapshot profile : profiles.findAll(ids)) {
                if (consent == null || profile.consentedTo(consent)) {
                    AudienceMember m = AudienceMembers.of(profile, defaultPhoneRegion);
                    csv.append(m.profileId()).append(',').append(m.email() == null ? "" : m.email().value())
                            .append(',').append(m.phone() == null ? "" : m.phone().value()).append("\r\n");
                }
            }
        });
        return csv.toString();
    }
}
