## Why a stream gave no sound (the journal, `loa status`, the history, `loa play URL`).
stream-unreachable = cannot reach { $host }: { $why }
stream-status = the server answered { $code ->
    [404] 404 Not Found: no stream at this address
    [403] 403 Forbidden
    [401] 401: it asks for a password
   *[other] { $code }{ $code ->
        [500] : an error of the server
        [502] : an error of the server
        [503] : an error of the server
        [504] : an error of the server
       *[other] {""}
    }
}
stream-web-page = the server answered with a web page, not a stream
stream-stalled = no sound for { $secs }: the server stopped sending
stream-format = not a stream loa can play ({ $why })
stream-ended = the stream ended
stream-broken = the connection broke: { $why }
stream-why-raw = { $words }
stream-why-no-host = no such host
stream-why-refused = the connection was refused
stream-why-resolve-slow = the name did not resolve in time
stream-why-connect-slow = no connection in time
stream-why-no-answer = no answer in time
stream-why-tls = TLS: { $x }
stream-why-tls-issuer = TLS: the server's certificate is not signed by an authority this box trusts
stream-why-tls-expired = TLS: the server's certificate has expired (or this box's clock is wrong)
stream-why-tls-not-yet = TLS: the server's certificate is not valid yet: is this box's clock right?
stream-why-tls-name = TLS: the server's certificate is for another name
stream-why-tls-refused = TLS: the server's certificate is refused ({ $x })
stream-why-check-stopped = stopped
stream-why-broke = the connection broke
stream-why-not-mp3-aac-ogg = neither MP3, AAC nor Ogg
stream-why-no-sound = no sound in it
stream-why-changed = its format changed
stream-why-damaged = it is damaged beyond use
stream-why-decoder-failed = its decoder failed on something unexpected in it
stream-why-playlist = an HLS playlist that cannot be read: { $x }
stream-why-playlist-big = a playlist larger than { $x } MiB
stream-why-segment-big = a segment larger than { $x } MiB
stream-why-ts-damaged = a damaged MPEG-TS segment ({ $x })
stream-why-ts-silent = an MPEG-TS segment without sound
stream-format-words = { $codec }, { $rate } Hz, { $channels ->
    [1] mono
    [2] stereo
   *[other] { $channels } channels
}
