package pool

// ExpiryCheck is what tryReturnConnSlow does with a waiter whose context has expired.
type ExpiryCheck int

const (
	// ExpiryNone is release-23: the returner never looks at the waiter's context.
	ExpiryNone ExpiryCheck = iota
	// ExpirySkip passes expired waiters over and leaves them listed (they remove themselves).
	ExpirySkip
	// ExpiryEvict is #20308: unlink expired waiters and send them nil (needs a buffered channel).
	ExpiryEvict
)

// Variant is one waitlist algorithm, as a set of switches: the same as stallsim's WaitlistVariant.
type Variant struct {
	Name            string      `json:"name"`
	ExpiryCheck     ExpiryCheck `json:"expiry_check"`
	BufferedHandoff bool        `json:"buffered_handoff"`
	SelfRemovalO1   bool        `json:"self_removal_o1"`
	MaxWaiters      int         `json:"max_waiters"`
}

// Buggy is release-23.0; Fixed is PR #20308.
var (
	Buggy = Variant{Name: "buggy"}
	Fixed = Variant{Name: "fixed", ExpiryCheck: ExpiryEvict, BufferedHandoff: true, SelfRemovalO1: true}
)
