package io.cdp.profile.web;

import java.util.List;

/** One page of results. */
record Page<T>(List<T> items, int page, int size, long total) {
}
