// An empty assembly file: it lets gauge.go declare procPin and procUnpin without bodies (go:linkname).
