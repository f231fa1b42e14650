package io.cdp.profile.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * A person's latest Net Promoter Score answer ({@code Survey Answered} with {@code survey: "nps"}), kept on the
 * profile so that segmentation reads it without a timeline query.
 *
 * @param category promoter (9–10), passive (7–8) or detractor (0–6), always derived from the score
 */
public record Nps(int latestScore, Instant answeredAt, String category) {

    static final String SURVEY_ANSWERED = "Survey Answered";

    public Nps {
        if (latestScore < 0 || latestScore > 10) {
            throw new IllegalArgumentException("an NPS score is from 0 to 10");
        }
        category = latestScore >= 9 ? "promoter" : latestScore >= 7 ? "passive" : "detractor";
    }

    /** The answer an event's properties carry, null when they are no NPS answer with a whole score of 0–10. */
    static Nps answer(Map<String, Object> properties, Instant at) {
        if (!(properties.get("survey") instanceof String survey) || !"nps".equalsIgnoreCase(survey.trim())
                || properties.get("score") == null) {
            return null;
        }
        try {
            return new Nps(new BigDecimal(properties.get("score").toString().trim()).intValueExact(), at, null);
        } catch (IllegalArgumentException | ArithmeticException notAWholeScoreOnTheScale) {
            return null;
        }
    }

    /**
     * The later of two answers; at the same instant the higher score, so that the result does not depend on
     * the order in which events or merges arrive.
     */
    static Nps latest(Nps a, Nps b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        int byTime = a.answeredAt.compareTo(b.answeredAt);
        return byTime > 0 || byTime == 0 && a.latestScore >= b.latestScore ? a : b;
    }
}
