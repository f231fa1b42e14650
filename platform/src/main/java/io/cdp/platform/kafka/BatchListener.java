package io.cdp.platform.kafka;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * How the platform's modules consume a topic: a {@link KafkaListener} handed the records of a poll at once,
 * whose consumer group is its container factory's ({@link KafkaListeners#jsonConsumers}), not its id, so that
 * one module's listeners can share a group or keep their own whatever the containers are called.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@KafkaListener(idIsGroup = false, batch = "true")
public @interface BatchListener {

    /** The container's id, by which it is started, stopped and measured. */
    @AliasFor(annotation = KafkaListener.class, attribute = "id")
    String id();

    /** The topic, usually a property placeholder with the platform's topic name as default. */
    @AliasFor(annotation = KafkaListener.class, attribute = "topics")
    String[] topics();

    /** The bean name of the module's container factory (consumer group, poll size, dead letters). */
    @AliasFor(annotation = KafkaListener.class, attribute = "containerFactory")
    String containerFactory();
}
