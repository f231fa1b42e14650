package io.cdp.activation.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;

import io.cdp.activation.ActivationProperties;
import io.cdp.activation.domain.Delivery;
import io.cdp.activation.store.ActivationIndices;
import io.cdp.activation.store.CapLedger;
import io.cdp.activation.store.DeliveryStore;
import io.cdp.activation.store.EntryStore;
import io.cdp.activation.store.ErasedProfile;
import io.cdp.activation.store.MeasurementStore;
import io.cdp.activation.store.SyncDeadLetter;
import io.cdp.activation.store.SyncDeadLetterStore;
import io.cdp.platform.elasticsearch.Documents;
import io.cdp.profile.ProfileErased;
import io.cdp.profile.ProfileId;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;

/**
 * GDPR erasure in activation: an erased person's deliveries, segment entries, conversions and
 * frequency-cap ledgers, what the local mail catcher received for them (found by the deliveries'
 * keys in {@code X-CDP-Delivery}, so it is deleted before the deliveries) and their ids in audience
 * sync dead letters. The ids are remembered as erased first, so that membership events about them
 * still in Kafka create nothing afterwards ({@link #erasedAmong}). Repeatable: an erasure handled
 * again finds less or nothing and deletes that.
 */
@Component
public final class Erasure {

    private final Documents<Delivery> deliveries;
    private final DeliveryStore deliveryStore;
    private final EntryStore entryStore;
    private final MeasurementStore measurementStore;
    private final SyncDeadLetterStore syncDeadLetterStore;
    private final Documents<CapLedger> capLedgers;
    private final Documents<SyncDeadLetter> syncDeadLetters;
    private final Documents<ErasedProfile> erasedProfiles;
    private final Set<String> cappedChannels;
    private final GreenMail localSmtp;
    private final Clock clock;

    Erasure(ActivationIndices indices, DeliveryStore deliveryStore, EntryStore entryStore,
            MeasurementStore measurementStore, SyncDeadLetterStore syncDeadLetterStore,
            ActivationProperties properties, ObjectProvider<GreenMail> localSmtp, Clock clock) {
        this.deliveries = indices.deliveries();
        this.deliveryStore = deliveryStore;
        this.entryStore = entryStore;
        this.measurementStore = measurementStore;
        this.syncDeadLetterStore = syncDeadLetterStore;
        this.capLedgers = indices.capLedgers();
        this.syncDeadLetters = indices.syncDeadLetters();
        this.erasedProfiles = indices.erasedProfiles();
        this.cappedChannels = Set.copyOf(properties.frequencyCaps().keySet());
        // null when the local mail catcher is off
        this.localSmtp = localSmtp.getIfAvailable();
        this.clock = clock;
    }

    /**
     * The ids among these whose profile was erased: one search, as every membership batch asks twice. An
     * erasure refreshes its marks before it deletes anything, so a batch that misses a mark wrote before
     * the deletes, which take what it wrote.
     */
    public Set<String> erasedAmong(Collection<String> profileIds) {
        return erasedProfiles.searchable(profileIds);
    }

    public void erase(Collection<String> profileIds) {
        if (profileIds.isEmpty()) {
            return;
        }
        // before the deletes, and searchable: a membership event handled meanwhile either sees the mark or
        // wrote before it and is deleted below (see MembershipProcessor)
        Instant now = clock.instant();
        profileIds.forEach(id -> erasedProfiles.create(id, new ErasedProfile(id, now)));
        erasedProfiles.refresh();
        Set<String> keys = new HashSet<>();
        Set<String> channels = new HashSet<>(cappedChannels);
        deliveries.refresh();
        deliveryStore.scanOfProfiles(profileIds, 1000, page -> page.forEach(d -> {
            keys.add(d.key());
            if (d.channel() != null) {
                channels.add(d.channel());
            }
        }));
        if (localSmtp != null) {
            forgetMails(keys);
        }
        deliveryStore.deleteOfProfiles(profileIds);
        entryStore.deleteOfProfiles(profileIds);
        measurementStore.deleteConversionsOfProfiles(profileIds);
        capLedgers.deleteAll(profileIds.stream()
                .flatMap(id -> channels.stream().map(channel -> FrequencyCaps.ledgerId(id, channel))).toList());
        scrubSyncDeadLetters(Set.copyOf(profileIds));
    }

    /** Dead letters are few and hold many people: the erased ids leave them, an emptied one goes. */
    private void scrubSyncDeadLetters(Set<String> erased) {
        List<String> holding = new ArrayList<>();
        syncDeadLetters.refresh();
        syncDeadLetterStore.scanAll(1000, page -> page.stream()
                .filter(l -> Stream.concat(l.adds().stream(), l.removes().stream()).anyMatch(erased::contains))
                .forEach(l -> holding.add(l.id())));
        for (String id : holding) {
            syncDeadLetters.get(id).ifPresent(read -> {
                SyncDeadLetter letter = read.document();
                List<String> adds = letter.adds().stream().filter(p -> !erased.contains(p)).toList();
                List<String> removes = letter.removes().stream().filter(p -> !erased.contains(p)).toList();
                if (adds.isEmpty() && removes.isEmpty()) {
                    syncDeadLetters.delete(id);
                } else {
                    // empty when a retry took the letter meanwhile: nothing left to scrub
                    syncDeadLetters.replace(read, new SyncDeadLetter(id, letter.activationId(), adds, removes,
                            letter.reason(), letter.at()));
                }
            });
        }
    }

    private void forgetMails(Set<String> deliveryKeys) {
        try {
            for (GreenMailUser user : localSmtp.getUserManager().listUser()) {
                MailFolder inbox = localSmtp.getManagers().getImapHostManager().getInbox(user);
                boolean found = false;
                for (StoredMessage message : inbox.getMessages()) {
                    String[] key = message.getMimeMessage().getHeader("X-CDP-Delivery");
                    if (key != null && deliveryKeys.contains(key[0])) {
                        message.setFlag(Flags.Flag.DELETED, true);
                        found = true;
                    }
                }
                if (found) {
                    inbox.expunge();
                }
            }
        } catch (FolderException | MessagingException e) {
            throw new IllegalStateException("the local mail catcher could not delete an erased person's mails", e);
        }
    }

    /** Every id an erasure names: the person and the profiles merged into them. */
    public static List<String> erasedIds(ProfileErased erased) {
        return Stream.concat(Stream.of(erased.profileId()), erased.mergedIds().stream()).map(ProfileId::value).toList();
    }
}
