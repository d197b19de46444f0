-- Indexes the HTTP API's lists read by. A filter's column, then the date,
-- then the id: a page of the newest (or oldest) incidents of a country, a
-- category, both, or of all, is read from an index in order with no sort
-- of the matches (country and category also carry the dead, so that
-- counting them is read from the index alone). The end of the date for
-- `since` (with the start, so that `since` with `until` is answered from
-- the index alone); the dead for `min_dead`; the place for `bbox`.
CREATE INDEX incidents_cc3_date ON incidents (cc3, date_first, id);
CREATE INDEX incidents_category_date ON incidents (category, date_first, id);
CREATE INDEX incidents_cc3_category_date ON incidents (cc3, category, date_first, id, dead_best);
CREATE INDEX incidents_date ON incidents (date_first, id);
CREATE INDEX incidents_date_last ON incidents (date_last, date_first);
CREATE INDEX incidents_dead ON incidents (dead_best);
CREATE INDEX incidents_lon_lat ON incidents (lon, lat);
CREATE INDEX events_date ON events (date_first, id);
