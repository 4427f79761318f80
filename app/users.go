package app

import (
	"context"
	"fmt"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/store"
)

// maxTokenLife is the longest an API token may live.
const maxTokenLife = 366 * 24 * time.Hour

// userAct is an act on users and tokens (auth.ActionManageUsers).
func userAct(ctx context.Context, st store.Store, a Actor, object string, act func() (string, error)) error {
	return authorised(ctx, st, a, auth.ActionManageUsers, auth.Resource{}, string(auth.ActionManageUsers), object, act)
}

// AddUser adds a user with a principal (role and scope) and a password
// hash (empty: the user signs in with API tokens only), created at now.
func AddUser(ctx context.Context, st store.Store, a Actor, name string, p auth.Principal, passwordHash string, now time.Time) error {
	return userAct(ctx, st, a, "user "+name, func() (string, error) {
		if p.Role == auth.RolePublic || p.Role == "" {
			return "", blandby.Errorf(blandby.CodeInvalid, "user %s: role %q: expected admin, ministry, municipality:CODE, housing_org:ID or landlord:CVR", name, p)
		}
		_, err := st.AddUser(ctx, store.User{Name: name, Role: string(p.Role), Scope: p.Scope, PasswordHash: passwordHash, CreatedAt: now})
		return "role " + p.String(), err
	})
}

// SetPassword replaces a user's password hash (empty: the user can no
// longer sign in with a password).
func SetPassword(ctx context.Context, st store.Store, a Actor, name, passwordHash string) error {
	return userAct(ctx, st, a, "user "+name, func() (string, error) {
		if passwordHash == "" {
			return "password removed", st.SetPassword(ctx, name, "")
		}
		return "password set", st.SetPassword(ctx, name, passwordHash)
	})
}

// DisableUser disables a user at now and revokes its live API tokens in the
// same transaction, returning how many it revoked. A user is never deleted:
// the audit trail names it.
func DisableUser(ctx context.Context, st store.Store, a Actor, name string, now time.Time) (revoked int, err error) {
	err = userAct(ctx, st, a, "user "+name, func() (string, error) {
		var err error
		revoked, err = st.DisableUser(ctx, name, now)
		return fmt.Sprintf("disabled; %d API tokens revoked", revoked), err
	})
	return revoked, err
}

// NewToken is an API token just created: the secret, shown once, and what
// the store keeps of it.
type NewToken struct {
	Plain string
	store.Token
}

// CreateToken creates an API token for an enabled user, named for what it is
// for and living life (more than 0, at most 366 days) from now.
func CreateToken(ctx context.Context, st store.Store, a Actor, user, name string, life time.Duration, now time.Time) (NewToken, error) {
	plain, id, hash, err := auth.NewToken()
	if err != nil {
		return NewToken{}, err
	}
	nt := NewToken{Plain: plain, Token: store.Token{ID: id, UserName: user, Name: name, Hash: hash, CreatedAt: now, ExpiresAt: now.Add(life)}}
	err = userAct(ctx, st, a, "token "+id+" of user "+user, func() (string, error) {
		if life <= 0 || life > maxTokenLife {
			return "", blandby.Errorf(blandby.CodeInvalid, "token of user %s: it lives %v; a token lives more than 0 and at most 366 days (8784h)", user, life)
		}
		u, err := st.User(ctx, user)
		if err != nil {
			return "", err
		}
		if u.DisabledAt != nil {
			return "", blandby.Errorf(blandby.CodeConflict, "user %s is disabled", user)
		}
		return "", st.AddToken(ctx, nt.Token)
	})
	if err != nil {
		return NewToken{}, err
	}
	return nt, nil
}

// RevokeToken revokes an API token at now.
func RevokeToken(ctx context.Context, st store.Store, a Actor, id string, now time.Time) error {
	return userAct(ctx, st, a, "token "+id, func() (string, error) {
		return "", st.RevokeToken(ctx, id, now)
	})
}
