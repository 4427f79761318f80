package rental

// DefaultTrack is the track the web server and the CLI apply unless told
// otherwise: blandby demonstrates the seed's proposal, so the right to
// every 10th vacancy can be tried; --track enacted applies the law as
// enacted.
const DefaultTrack = TrackSeed
