# The console's pages (spec §11).
page-menu = Menu
page-now = Now
page-programme = Programme
page-history = History
page-logout = Log out ({ $user })
page-login = Log in to the station's console
page-login-user = Account name
page-login-password = Password
page-login-submit = Log in
page-now-playing = Playing:
page-now-nothing = Nothing is playing
page-now-paused = Scheduled broadcasts are paused
page-now-until = until { $when }
page-now-queue = Waiting to play
page-now-next = Next broadcasts
page-now-no-next = nothing in the coming days
page-now-output = Output
page-now-amplifier = Amplifier
page-now-clock = Clock
page-now-clock-synced = synchronised
page-now-clock-not-synced = not synchronised
page-now-feed = Province feed
page-now-last-error = Last error
page-now-emergency = Emergency
page-now-controls = Control
page-now-stop = Stop what is playing
page-now-pause = Pause the schedule
page-now-pause-until = Until (empty: until resumed)
page-now-resume = Resume the schedule
page-now-play-label = Announcement
page-now-play = Play now
page-text-label = A notice to read aloud
page-text-placeholder = UBND xã thông báo: …
page-text-preview = Preview
page-text-play = Read now
page-text-reading = How it will be read:
page-text-back = Back to the Now page
page-confirm = Confirm the emergency
page-confirm-question = Play "{ $title }" now on every loudspeaker, over whatever is playing?
page-confirm-yes = Yes, play it now
page-confirm-no = Cancel
page-confirm-unknown = There is no emergency preset "{ $id }".
page-programme-empty = Nothing is scheduled in the coming days.
page-programme-skipped = will be skipped: the broadcast before it still plays
page-programme-held = waits for the relay { $relay } to end
page-programme-relay = relay of a live stream
page-programme-more = … and { $n } more broadcasts this day, not shown here.
page-col-time = Time
page-col-what = Broadcast
page-col-length = Length
page-col-source = Source
page-col-outcome = Outcome
page-col-airtime = Airtime
page-col-by = Requested by
page-history-since = From
page-history-until = To
page-history-month = Month
page-history-id = Announcement id
page-history-summary = Monthly summary
page-history-show = Show
page-history-csv = Download CSV (Excel)
page-history-empty = Nothing recorded for these filters.
page-state = { $state ->
    [idle] idle
    [playing] playing
    [failed] failed
    [on] on
    [off] off
    [connected] connected
    [connecting] connecting
   *[other] { $state }
}
page-schedule = Schedule
page-schedule-add = Add an announcement
page-schedule-raw = Edit the file directly
page-schedule-edit = Change
page-schedule-editing = Change "{ $title }"
page-schedule-times = Times
page-schedule-times-more = { " " }… and { $n } more a day
page-schedule-days = Days
page-schedule-window = Between
page-schedule-files = Recordings
page-schedule-state = State
page-schedule-disabled = switched off
page-schedule-id = Id (a-z, 0-9, "-"; cannot be changed once made)
page-schedule-title = Title
page-schedule-cron = Its times are a cron rule: change them in the file directly.
page-schedule-text = It reads a text instead of recordings: change the text in the file directly.
page-schedule-from = From (empty: no start)
page-schedule-until = Until (empty: no end)
page-schedule-enabled = On (unticked: kept, not played)
page-schedule-save = Save
page-schedule-delete = Delete this announcement
page-schedule-saved = Saved as version { $n } and running now.
page-schedule-proposed = Kept as proposal { $n }: it runs once an admin approves it.
page-schedule-refused = Not saved: the schedule would have errors. Nothing changed.
page-schedule-at = line { $line }, column { $column }: { $message }
page-schedule-line = line { $line }, column { $column }
page-recordings = Recordings
page-recordings-pick = A recording to upload (MP3, M4A, WAV, FLAC, Ogg, a Zalo voice message)
page-recordings-replace = Replace a recording of the same name
page-recordings-upload = Upload
page-recordings-none = No recordings yet.
page-recordings-loudness = Loudness
page-recordings-used-by = Used by
page-recordings-unused = nothing
page-recordings-delete = Delete this recording
page-recordings-kept = "{ $name }" uploaded: it plays in full.
page-bulletins = Bulletins
page-bulletins-no-feed = This station is not connected to the province (no [fleet] in the schedule).
page-bulletins-level = Level
page-bulletins-received = Received
page-bulletins-play-at = Plays at
page-bulletins-expires = Valid until
page-bulletins-reason = Why
page-bulletins-accept = Play now
page-bulletins-at = Play at (18:00, 2h)
page-bulletins-accept-at = Play at that time
page-bulletins-reject = Do not play
page-bulletins-level-word = { $level ->
    [normal] normal
    [priority] priority
    [emergency] emergency
   *[other] { $level }
}
page-accounts = Accounts
page-accounts-role = Role
page-accounts-actions = Change
page-accounts-remove = Remove
page-accounts-add = Add an account
page-accounts-password = Password (at least 10 characters)
page-accounts-passwd = Set a password
page-accounts-not-yourself = you cannot remove your own account here (`loa web user remove` on the station can)
page-versions = Versions of the schedule
page-versions-none = No version kept yet: the first change from the console keeps the file as it was, then each change.
page-versions-one = Version { $n }
page-versions-who = By { $who }, { $at }
page-versions-by-file = edited in the file directly
page-schedule-cron-rule = by the cron rule "{ $expr }"
page-recordings-station-chime = the station's chime
page-versions-diff = Changes against the version before
page-versions-restore = Restore this version
page-versions-approve = Approve
page-versions-reject = Reject
page-versions-approved-by = approved by { $who }
page-versions-state = { $state ->
    [kept] saved
    [proposed] waiting for approval
    [approved] approved
    [rejected] rejected
   *[other] { $state }
}
