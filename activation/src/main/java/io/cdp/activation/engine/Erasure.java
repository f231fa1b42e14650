package io.cdp.activation.engine;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.cdp.activation.domain.Delivery;
import io.cdp.activation.store.CapLedger;
import io.cdp.activation.store.Conversion;
import io.cdp.activation.store.Documents;
import io.cdp.activation.store.Entry;
import io.cdp.profile.ProfileErased;
import io.cdp.profile.ProfileId;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;

/**
 * GDPR erasure in activation: an erased person's deliveries, segment entries, conversions and
 * frequency-cap ledgers, and what the local mail catcher received for them (found by the
 * deliveries' keys in {@code X-CDP-Delivery}, so it is deleted before the deliveries). Repeatable:
 * an erasure handled again finds less or nothing and deletes that.
 */
public final class Erasure {

    private final Documents<Delivery> deliveries;
    private final Documents<Entry> entries;
    private final Documents<Conversion> conversions;
    private final Documents<CapLedger> capLedgers;
    private final Set<String> cappedChannels;
    private final GreenMail localSmtp;

    /** @param localSmtp the local mail catcher, null when it is off */
    public Erasure(Documents<Delivery> deliveries, Documents<Entry> entries, Documents<Conversion> conversions,
            Documents<CapLedger> capLedgers, Set<String> cappedChannels, GreenMail localSmtp) {
        this.deliveries = deliveries;
        this.entries = entries;
        this.conversions = conversions;
        this.capLedgers = capLedgers;
        this.cappedChannels = Set.copyOf(cappedChannels);
        this.localSmtp = localSmtp;
    }

    public void erase(Collection<String> profileIds) {
        if (profileIds.isEmpty()) {
            return;
        }
        Query byProfile = Query.of(q -> q.terms(t -> t.field("profileId")
                .terms(v -> v.value(profileIds.stream().map(FieldValue::of).toList()))));
        Set<String> keys = new HashSet<>();
        Set<String> channels = new HashSet<>(cappedChannels);
        deliveries.refresh();
        deliveries.scan(byProfile, "key", 1000, page -> page.forEach(d -> {
            keys.add(d.key());
            if (d.channel() != null) {
                channels.add(d.channel());
            }
        }));
        if (localSmtp != null) {
            forgetMails(keys);
        }
        deliveries.deleteMatching(byProfile);
        entries.deleteMatching(byProfile);
        conversions.deleteMatching(byProfile);
        capLedgers.deleteAll(profileIds.stream()
                .flatMap(id -> channels.stream().map(channel -> FrequencyCaps.ledgerId(id, channel))).toList());
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
