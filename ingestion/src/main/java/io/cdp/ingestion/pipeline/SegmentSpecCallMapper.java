package io.cdp.ingestion.pipeline;

import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

import io.cdp.platform.EventIngested;

/** Maps the validated wire call plus ingestion's receipt to the domain record. */
@Mapper
interface SegmentSpecCallMapper {

    @Mapping(target = "type", source = "receipt.type")
    @Mapping(target = "timestamp", source = "receipt.timestamp")
    @Mapping(target = "sourceId", source = "receipt.sourceId")
    @Mapping(target = "receivedAt", source = "receipt.receivedAt")
    EventIngested toEvent(SegmentSpecCall call, Receipt receipt);
}
