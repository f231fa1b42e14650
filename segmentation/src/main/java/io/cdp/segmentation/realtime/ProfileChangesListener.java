package io.cdp.segmentation.realtime;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.BatchMessageListener;

import io.cdp.profile.ProfileChanged;
import io.cdp.profile.ProfileEvent;
import io.cdp.profile.ProfileId;
import io.cdp.profile.ProfileMerged;
import io.cdp.profile.Profiles;
import io.cdp.segmentation.membership.MembershipUpdater;

/**
 * Evaluates changed profiles a poll at a time: one findAll, one evaluation per profile however many
 * changes it had in the batch, one bulk of writes. Offsets are committed by the container after
 * this returns, i.e. after memberships are stored and their events acknowledged.
 */
public final class ProfileChangesListener implements BatchMessageListener<String, ProfileEvent> {

    private final Profiles profiles;
    private final MembershipUpdater updater;
    private final FailureClassifier classifier;

    public ProfileChangesListener(Profiles profiles, MembershipUpdater updater, FailureClassifier classifier) {
        this.profiles = profiles;
        this.updater = updater;
        this.classifier = classifier;
    }

    @Override
    public void onMessage(List<ConsumerRecord<String, ProfileEvent>> records) {
        int readable = 0;
        while (readable < records.size() && records.get(readable).value() != null) {
            readable++;
        }
        List<ConsumerRecord<String, ProfileEvent>> batch = records.subList(0, readable);
        Set<String> unevaluable = process(batch);
        for (int i = 0; i < batch.size(); i++) {
            if (!unevaluable.isEmpty() && concerns(batch.get(i).value(), unevaluable)) {
                throw new BatchListenerFailedException("profile could not be evaluated",
                        new PermanentChangeFailure("profile could not be evaluated by the rules"), i);
            }
        }
        if (readable < records.size()) {
            // the deserializer already failed on this record: dead-letter it, go on after it
            throw new BatchListenerFailedException("unreadable profile change",
                    new PermanentChangeFailure("unreadable profile change"), readable);
        }
    }

    private Set<String> process(List<ConsumerRecord<String, ProfileEvent>> batch) {
        if (batch.isEmpty()) {
            return Set.of();
        }
        Set<ProfileId> ids = new LinkedHashSet<>();
        Map<String, String> causes = new HashMap<>();
        Map<String, String> mergedAway = new HashMap<>();
        String lastCause = null;
        for (ConsumerRecord<String, ProfileEvent> record : batch) {
            if (record.value() instanceof ProfileChanged c) {
                ids.add(c.profileId());
                lastCause = c.causeMessageId() != null ? c.causeMessageId() : "changed:" + c.at();
                causes.put(c.profileId().value(), lastCause);
            } else if (record.value() instanceof ProfileMerged m) {
                ids.add(m.survivorId());
                lastCause = "merge:" + m.survivorId() + ":" + m.at();
                causes.put(m.survivorId().value(), lastCause);
                m.mergedIds().forEach(id -> mergedAway.put(id.value(), m.survivorId().value()));
            }
        }
        mergedAway.keySet().forEach(id -> ids.remove(ProfileId.of(id)));
        try {
            // ids merged away meanwhile come back as their survivor, evaluated with the batch's last cause
            return updater.update(profiles.findAll(ids), causes, lastCause, mergedAway).unevaluable();
        } catch (RuntimeException e) {
            Throwable handed = classifier.isTransient(e) ? e : new PermanentChangeFailure(classifier.reason(e), e);
            throw new BatchListenerFailedException(classifier.reason(e), handed, 0);
        }
    }

    private static boolean concerns(ProfileEvent event, Set<String> profileIds) {
        ProfileId id = event instanceof ProfileChanged c ? c.profileId() : ((ProfileMerged) event).survivorId();
        return profileIds.contains(id.value());
    }

    /** Not retried: the record goes to the dead-letter topic with this reason. */
    public static final class PermanentChangeFailure extends RuntimeException {
        PermanentChangeFailure(String reason) {
            super(reason);
        }

        PermanentChangeFailure(String reason, Throwable cause) {
            super(reason, cause);
        }
    }
}
