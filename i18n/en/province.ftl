# The province's console (spec §14): the monthly report's columns.
report-col-place = Place
report-col-nodes = Clusters
report-col-broadcasts = Broadcasts
report-col-played = Played
report-col-airtime = Airtime (hours)
report-col-bulletins-played = Bulletins played
report-col-bulletins-refused = Bulletins refused
report-col-bulletins-expired = Bulletins expired
report-col-offline = Clusters offline
report-offline-hours = { $node } ({ $hours } h)
report-offline-all-month = { $node } (all month)
fleet-broker-failed = could not publish to the MQTT broker: { $why }
fleet-bad-level = there is no level "{ $level }": normal, priority or emergency
fleet-one-sound = a bulletin needs exactly one sound: a preset, a recording's url, a stream or a text
fleet-stream-needs-for = a stream needs how long to relay it (for), like "30m"
fleet-bad-by = the report cannot be cut by "{ $by }": district, commune or node
