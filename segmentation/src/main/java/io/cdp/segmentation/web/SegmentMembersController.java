package io.cdp.segmentation.web;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import lombok.RequiredArgsConstructor;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.cdp.platform.web.InvalidRequestException;
import io.cdp.segmentation.SegmentDefinition;
import io.cdp.segmentation.definition.DefinitionJson;
import io.cdp.segmentation.membership.MembershipDocument;
import io.cdp.segmentation.preview.SizeEstimator;
import io.cdp.segmentation.store.MembershipStore;

/** Who is in a segment now: size, a paged member list, a CSV export; and a draft's estimated size. */
@RestController
@RequestMapping("/api/segments")
@RequiredArgsConstructor
class SegmentMembersController {

    private static final int MAX_PAGE = 1000;

    private final MembershipStore memberships;
    private final SizeEstimator estimator;

    public record Size(String segmentId, long size) {
    }

    public record Member(String profileId, String entryId, Instant since) {
    }

    /** {@code next} is the {@code after} of the following page, null on the last page. */
    public record Members(List<Member> members, String next) {
    }

    @GetMapping("/{id}/size")
    public Size size(@PathVariable String id) {
        return new Size(id, memberships.count(id));
    }

    @GetMapping("/{id}/members")
    public Members members(@PathVariable String id, @RequestParam(required = false) String after,
            @RequestParam(defaultValue = "100") int size) {
        if (size < 1 || size > MAX_PAGE) {
            throw new InvalidRequestException("size", "range", "must be between 1 and " + MAX_PAGE);
        }
        List<Member> page = memberships.members(id, after, size).stream().map(m -> member(m, id)).toList();
        return new Members(page, page.size() < size ? null : page.get(page.size() - 1).profileId());
    }

    @GetMapping(value = "/{id}/export", produces = "text/csv")
    public ResponseEntity<StreamingResponseBody> export(@PathVariable String id) {
        StreamingResponseBody body = out -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            writer.write("profile_id,entry_id,since\n");
            memberships.forEachMemberPage(id, MAX_PAGE, page -> page.forEach(m -> {
                Member member = member(m, id);
                try {
                    writer.write(member.profileId() + "," + member.entryId() + "," + member.since() + "\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
            writer.flush();
        };
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(id + ".csv", StandardCharsets.UTF_8).build().toString())
                .body(body);
    }

    /** Estimates a draft's size from a random sample; pass the returned {@code seed} to repeat it. */
    @PostMapping("/preview")
    public SizeEstimator.Estimate preview(@RequestBody String draft, @RequestParam(required = false) Long seed) {
        return estimator.estimate(DefinitionJson.read(draft, SegmentDefinition.class), seed);
    }

    private static Member member(MembershipDocument m, String segmentId) {
        return m.segments().stream().filter(e -> e.segmentId().equals(segmentId)).findFirst()
                .map(e -> new Member(m.profileId(), e.entryId(), e.since()))
                .orElse(new Member(m.profileId(), null, null));
    }
}
