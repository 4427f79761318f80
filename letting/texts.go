package letting

import (
	"github.com/blandby/blandby"
	"github.com/blandby/blandby/explain"
	"github.com/blandby/blandby/msg"
)

// The explanation texts that are not rules (the rules' own texts come from
// the rule sets).

var (
	msgNoCriteria           = msg.Text("letting.no_criteria")
	msgNoCriterionMet       = msg.Text("letting.no_criterion_met")
	msgInsideDepartment     = msg.Text("letting.inside_department")
	msgAreaMet              = msg.Text("letting.area_met")
	msgAreaNotMet           = msg.Text("letting.area_not_met")
	msgDispensation         = msg.Text("letting.dispensation")
	msgNoTestMet            = msg.Text("letting.no_test_met")
	msgNotEveryPartner      = msg.Text("letting.not_every_partner")
	msgNotStillReceiving    = msg.Text("letting.not_still_receiving")
	msgShareNotGiven        = msg.Text("letting.share_not_given")
	msgNotDocumented        = msg.Text("letting.not_documented")
	msgOccupancyNoCriterion = msg.Text("letting.occupancy_no_criterion")
	msgTooManyOccupants     = msg.Text("letting.too_many_occupants")
	msgAreaNotGiven         = msg.Text("letting.area_not_given")
	msgRuleArea             = msg.Text("letting.rule.area")
	msgRuleAssumption       = msg.Text("letting.rule.assumption")
)

func msgPriority(g int) blandby.Text {
	return msg.Text("letting.priority", g)
}

func msgAbsenceTooLong(months int) blandby.Text {
	return msg.Text("letting.absence_too_long", months)
}

func msgTooManyRooms(share blandby.Ratio) blandby.Text {
	return msg.Text("letting.too_many_rooms", share)
}

// msgShareException says the municipality's share s, with as many
// decimals as it takes to tell it from the bar it exceeds.
func msgShareException(s, bar blandby.Ratio) blandby.Text {
	da, _ := explain.PercentAgainst(s, bar, blandby.Danish)
	en, _ := explain.PercentAgainst(s, bar, blandby.English)
	return blandby.Text{DA: msg.T(blandby.Danish, "letting.share_exception", da), EN: msg.T(blandby.English, "letting.share_exception", en)}
}

func msgNoPlan(year int) blandby.Text {
	return msg.Text("letting.no_plan", year)
}

func msgPlanCompleted(year int) blandby.Text {
	return msg.Text("letting.plan_completed", year)
}

func msgContinuationEnded(until Date) blandby.Text {
	return msg.Text("letting.continuation_ended", until)
}

func msgYearsOff(year, off, need int) blandby.Text {
	return msg.Text("letting.years_off", year, off, need)
}

func msgContinues(year, off int, k *Continuation) blandby.Text {
	return blandby.Text{
		DA: msg.T(blandby.Danish, "letting.continues", year, off, k.YearsOff, k.Label.DA),
		EN: msg.T(blandby.English, "letting.continues", year, off, k.YearsOff, k.Label.EN),
	}
}

// areaText says which list the area is on, by the list's name at the
// decision date.
func areaText(name *blandby.Text) blandby.Text {
	if name == nil {
		return msg.Text("letting.area_is_on_no")
	}
	return blandby.Text{
		DA: msg.T(blandby.Danish, "letting.area_is_on_list", name.DA),
		EN: msg.T(blandby.English, "letting.area_is_on_list", name.EN),
	}
}
