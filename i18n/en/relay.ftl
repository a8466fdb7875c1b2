## Relays (spec §8; read and checked, played from [8/10]).
user-relay = relay "{ $id }"
relay-duration-range = `duration` must be longer than zero and at most 24h
relay-duration-help = the window of the relay, for example duration = "30m"
relay-connect-ahead-range = `connect_ahead` may be at most 10m
relay-fallback-after-zero = `fallback_after` must be longer than zero
relay-streams-empty = `streams` is an empty list: give at least one stream URL
relay-url-scheme = "{ $url }" starts with { $scheme }://; loa relays only http:// and https:// streams
relay-url-no-host = "{ $url }" names no server
relay-url-invalid = "{ $url }" is not a web address: { $why ->
    [no-scheme] write it with http:// or https:// in front
    [no-host] it names no server
    [port] the port after ":" must be a number from 1 to 65535
   *[other] check it letter by letter, or copy it again from the station's page
}
relay-url-help = for example "http://radio.example.vn:8000/vov1" or "https://live.example.vn/vov1/playlist.m3u8"
check-online-heading = Streams, tried now:
check-online-ok = { $id }: { $url }: sound ({ $format })
check-online-failed = { $id }: { $url }: no sound: { $why }
check-online-dead = relay "{ $id }": none of its streams gives sound now
check-online-dead-help = check the addresses and the network; at air time loa tries them again, and plays the fallback if there is one
check-relays = relays
next-relay-window = relay until { $end }
