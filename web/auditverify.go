package web

import (
	"context"
	"fmt"
	"sync"

	"github.com/blandby/blandby/store"
)

// auditVerifier verifies the audit trail incrementally for its readers:
// the first read (and a read with ?verify=full) verifies the whole chain
// (store.VerifyAudit); later reads check that the last entry verified is
// still there unchanged and verify only the entries appended since, from
// its hash on. Reading the trail thus costs the new entries, not the whole
// chain: a reader cannot be made slow by a long trail. A change to an
// entry verified earlier, other than the last, is found by a full
// verification: ?verify=full, the server's next start, or `blandby check`.
// Once the chain is found broken, every read verifies it in full again.
type auditVerifier struct {
	mu  sync.Mutex
	rep store.AuditReport
	// have is true when rep is a verified, unbroken chain to go on from.
	have bool
}

// auditBatch is how many entries the incremental verification reads at a
// time.
const auditBatch = 1000

// verifyAudit returns the chain's state, verifying it in full when full is
// true or there is nothing to go on from, else incrementally.
func (s *Server) verifyAudit(ctx context.Context, full bool) (store.AuditReport, error) {
	v := &s.auditCheck
	v.mu.Lock()
	defer v.mu.Unlock()
	if !full && v.have {
		rep, ok, err := verifyAuditFrom(ctx, s.st, v.rep)
		if err != nil {
			return store.AuditReport{}, err
		}
		if ok {
			v.rep = rep
			v.have = rep.OK
			return rep, nil
		}
	}
	rep, err := s.st.VerifyAudit(ctx)
	if err != nil {
		return store.AuditReport{}, err
	}
	v.rep, v.have = rep, rep.OK
	return rep, nil
}

// verifyAuditFrom verifies the entries after an unbroken chain's last
// entry. ok is false when it cannot go on from there (the last entry is
// gone or changed, or an entry cannot be read): verify in full then, to
// report the problem.
func verifyAuditFrom(ctx context.Context, st store.Store, from store.AuditReport) (store.AuditReport, bool, error) {
	r := from
	if r.LastSeq > 0 {
		last, err := st.AuditLog(ctx, r.LastSeq-1, 1)
		if err != nil {
			return r, false, nil
		}
		if len(last) != 1 || last[0].Seq != r.LastSeq || last[0].Hash != r.LastHash || store.AuditHash(last[0]) != last[0].Hash {
			return r, false, nil
		}
	}
	for {
		es, err := st.AuditLog(ctx, r.LastSeq, auditBatch)
		if err != nil {
			if ctx.Err() != nil {
				return r, false, err
			}
			return r, false, nil
		}
		for _, e := range es {
			r.Entries++
			want := r.LastSeq + 1
			switch {
			case e.Seq != want:
				r.BrokenSeq, r.Problem = want, store.AuditGap
				r.Detail = fmt.Sprintf("audit entry %d is missing: entry %d follows entry %d", want, e.Seq, r.LastSeq)
			case store.AuditHash(e) != e.Hash:
				r.BrokenSeq, r.Problem = e.Seq, store.AuditHashMismatch
				r.Detail = fmt.Sprintf("audit entry %d: its stored hash %s is not the hash of its fields %s: the entry was changed", e.Seq, e.Hash, store.AuditHash(e))
			case e.PrevHash != r.LastHash:
				r.BrokenSeq, r.Problem = e.Seq, store.AuditPrevMismatch
				r.Detail = fmt.Sprintf("audit entry %d: its previous hash %s is not the hash %s of entry %d: an earlier entry was changed or replaced", e.Seq, e.PrevHash, r.LastHash, r.LastSeq)
			}
			if r.Problem != "" {
				r.OK = false
				return r, true, nil
			}
			r.LastSeq, r.LastHash = e.Seq, e.Hash
		}
		if len(es) < auditBatch {
			r.OK = true
			return r, true, nil
		}
	}
}
