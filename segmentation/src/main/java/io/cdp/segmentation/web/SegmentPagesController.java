package io.cdp.segmentation.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import com.github.difflib.text.DiffRow;
import com.github.difflib.text.DiffRowGenerator;

import io.cdp.platform.web.PageSlice;
import io.cdp.profile.ProfileId;
import io.cdp.profile.ProfileSnapshot;
import io.cdp.profile.Profiles;
import io.cdp.segmentation.SegmentationProperties;
import io.cdp.segmentation.catalog.DefinitionCatalog;
import io.cdp.segmentation.catalog.DefinitionCatalog.Current;
import io.cdp.segmentation.catalog.Kind;
import io.cdp.segmentation.membership.MembershipDocument;
import io.cdp.segmentation.store.DefinitionVersion;
import io.cdp.segmentation.store.MembershipStore;
import io.cdp.segmentation.store.MembershipStore.CountedBy;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console's segment pages: the list with sizes and their change over 7 days, one segment with its size over
 * time, members and definition in words, its members as CSV, and the version history with a diff. Reads the same
 * catalog and membership store as the REST API.
 */
@Controller
class SegmentPagesController {

    private static final int PAGE = 50;
    private static final int TREND_DAYS = 7;
    private static final int CHART_DAYS = 30;
    private static final String PROFILE_ID = "[0-9a-f]{28}";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final DefinitionCatalog catalog;
    private final MembershipStore memberships;
    private final Profiles profiles;
    private final SegmentMembersController members;
    private final ZoneId zone;
    private final Clock clock;

    SegmentPagesController(DefinitionCatalog catalog, MembershipStore memberships, Profiles profiles,
            SegmentMembersController members, SegmentationProperties properties, Clock clock) {
        this.catalog = catalog;
        this.memberships = memberships;
        this.profiles = profiles;
        this.members = members;
        this.zone = properties.zone();
        this.clock = clock;
    }

    /** One line of the list; {@code weekAgo} is the size 7 days ago, from the membership history. */
    record Row(String id, String name, long size, long weekAgo, DefinitionVersion lastChange) {
    }

    @GetMapping("/segments")
    String list(@RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int offset,
            Model model) {
        Map<String, Long> sizes = memberships.countsBy(CountedBy.SEGMENT);
        Map<String, Long> net = memberships.netChangesSince(clock.instant().minus(Duration.ofDays(TREND_DAYS)));
        Map<String, DefinitionVersion> changes = catalog.lastChanges(Kind.SEGMENTS);
        String search = q == null ? "" : q.strip().toLowerCase(Locale.ROOT);
        List<Row> rows = catalog.list(Kind.SEGMENTS).stream().map(Current::definition)
                .filter(d -> search.isEmpty() || d.id().toLowerCase(Locale.ROOT).contains(search)
                        || d.name() != null && d.name().toLowerCase(Locale.ROOT).contains(search))
                .map(d -> {
                    long size = sizes.getOrDefault(d.id(), 0L);
                    return new Row(d.id(), d.name(), size, size - net.getOrDefault(d.id(), 0L), changes.get(d.id()));
                }).toList();
        int from = Math.max(0, Math.min(offset, rows.size()));
        model.addAttribute("page", new PageSlice<>(rows.subList(from, Math.min(rows.size(), from + PAGE)), from, PAGE,
                rows.size()));
        model.addAttribute("q", q);
        model.addAttribute("path", q == null || q.isBlank() ? "/segments" : "/segments?q=" + q);
        return "segments/list";
    }

    /** A member as the page lists it: the profile id, how the person is known, and since when. */
    record MemberRow(String profileId, String known, Instant since) {
    }

    @GetMapping("/segments/{id}")
    String segment(@PathVariable String id, @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "0") int offset, Model model) {
        Current current = catalog.find(Kind.SEGMENTS, id).orElseThrow(() -> new NotFoundException("segment " + id));
        int from = Math.max(0, Math.min(offset, 10_000 - PAGE));
        PageSlice<MemberRow> page;
        long size;
        if (q != null && !q.isBlank()) {
            List<MemberRow> found = search(id, q.strip()).map(List::of).orElse(List.of());
            page = new PageSlice<>(found, 0, PAGE, found.size());
            size = memberships.count(id);
        } else {
            // the size from the same search as the listed members: a count read apart could miss a member listed
            MembershipStore.MemberPage members = memberships.memberPage(id, from, PAGE);
            page = new PageSlice<>(rows(members.members(), id), from, PAGE, members.total());
            size = members.total();
        }
        model.addAttribute("segment", current);
        model.addAttribute("size", size);
        model.addAttribute("words", ConditionWords.sentence(current.definition().condition()));
        model.addAttribute("members", page);
        model.addAttribute("q", q);
        model.addAttribute("path", "/segments/" + id + (q == null || q.isBlank() ? "" : "?q=" + q));
        model.addAttribute("chart", JSON.writeValueAsString(chart(id, size)));
        return "segments/segment";
    }

    @GetMapping(value = "/segments/{id}/members.csv", produces = "text/csv")
    ResponseEntity<StreamingResponseBody> csv(@PathVariable String id) {
        catalog.find(Kind.SEGMENTS, id).orElseThrow(() -> new NotFoundException("segment " + id));
        return members.export(id);
    }

    @GetMapping("/{area:segments|personas|stages}/{id}/versions")
    String versions(@PathVariable String area, @PathVariable String id, @RequestParam(required = false) Long from,
            @RequestParam(required = false) Long to, Model model) {
        Kind kind = Kind.of(area);
        List<DefinitionVersion> versions = catalog.versions(kind, id);
        if (versions.isEmpty()) {
            throw new NotFoundException("no saved versions of " + area + " " + id);
        }
        Map<Long, DefinitionVersion> byNumber = versions.stream()
                .collect(Collectors.toMap(DefinitionVersion::version, Function.identity(), (a, b) -> a,
                        LinkedHashMap::new));
        DefinitionVersion newer = byNumber.getOrDefault(to, versions.get(0));
        DefinitionVersion older = byNumber.getOrDefault(from,
                versions.size() > 1 ? versions.get(1) : null);
        model.addAttribute("area", area);
        model.addAttribute("id", id);
        model.addAttribute("versions", versions);
        model.addAttribute("newer", newer);
        model.addAttribute("older", older);
        model.addAttribute("rows", diff(older, newer));
        model.addAttribute("section", kind == Kind.SEGMENTS ? "segments" : "stages");
        model.addAttribute("back", kind == Kind.SEGMENTS ? "/segments/" + id : "/stages");
        return "segments/versions";
    }

    /** A line diff of the two versions' pretty-printed JSON. */
    static List<DiffRow> diff(DefinitionVersion older, DefinitionVersion newer) {
        return DiffRowGenerator.create().lineNormalizer(Function.identity()).build()
                .generateDiffRows(lines(older), lines(newer));
    }

    private static List<String> lines(DefinitionVersion version) {
        if (version == null || version.json() == null) {
            return List.of();
        }
        return Arrays.asList(PRETTY.writeValueAsString(PRETTY.readTree(version.json())).split("\n"));
    }

    /** Members at the end of each of the last days: the size now minus what changed after that day. */
    private Map<String, Object> chart(String id, long sizeNow) {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate first = today.minusDays(CHART_DAYS - 1L);
        Map<LocalDate, Long> net = memberships.dailyNetChanges(id, first.atStartOfDay(zone).toInstant(), zone);
        List<Long> x = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        long size = sizeNow;
        for (LocalDate day = today; !day.isBefore(first); day = day.minusDays(1)) {
            x.add(0, day.atStartOfDay(zone).toEpochSecond());
            values.add(0, size);
            size -= net.getOrDefault(day, 0L);
        }
        return Map.of("x", x, "yLabel", "people", "xLabel", "Day (" + zone.getId() + ")",
                "series", List.of(Map.of("label", "Members at the end of the day", "values", values)));
    }

    private Optional<MemberRow> search(String segmentId, String q) {
        Optional<ProfileSnapshot> profile = q.contains("@") ? profiles.findByIdentifier("email", q)
                : q.matches(PROFILE_ID) ? profiles.find(ProfileId.of(q)) : profiles.findByIdentifier("userId", q);
        return profile.flatMap(p -> memberships.find(p.id().value())).filter(m -> m.segmentIds().contains(segmentId))
                .map(m -> rows(List.of(m), segmentId).get(0));
    }

    private List<MemberRow> rows(List<MembershipDocument> page, String segmentId) {
        Map<String, ProfileSnapshot> known = profiles.findIdentities(page.stream()
                .map(m -> ProfileId.of(m.profileId())).toList()).stream()
                .collect(Collectors.toMap(p -> p.id().value(), Function.identity(), (a, b) -> a));
        return page.stream().map(m -> {
            ProfileSnapshot p = known.get(m.profileId());
            String shown = p == null ? "" : p.email().orElse(p.userId() == null ? "anonymous" : p.userId());
            Instant since = m.segments().stream().filter(e -> e.segmentId().equals(segmentId)).findFirst()
                    .map(MembershipDocument.Entry::since).orElse(null);
            return new MemberRow(m.profileId(), shown, since);
        }).toList();
    }
}
