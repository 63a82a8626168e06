// The client of forum.yaml, a spec split over several files (path items, a parameter, a response and schemas each
// in their own), generated into this target by PyrusKit's build-tool plugin. `Post` and `Author` are recursive.

extension Post {
    /// How many posts answer this one, directly or through other replies.
    public var replyCount: Int {
        (replies ?? []).reduce(0) { $0 + 1 + $1.replyCount }
    }
}
