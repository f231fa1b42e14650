/** The validation and publishing pipeline shared by HTTP, the input topic and CSV import. */
package io.cdp.ingestion.pipeline;
