module github.com/rtmpcodec/rtmpcodec/bench/peers

go 1.26.0

replace github.com/rtmpcodec/rtmpcodec => ../..

require (
	github.com/bluenviron/gortmplib v1.0.2
	github.com/gwuhaolin/livego v0.0.0-20200509033525-ac935b8214d0
	github.com/nareix/joy4 v0.0.0-20200507095837-05a4ffbb5369
	github.com/q191201771/lal v0.37.4
	github.com/rtmpcodec/rtmpcodec v0.0.0-00010101000000-000000000000
	github.com/sirupsen/logrus v1.7.0
	github.com/yutopp/go-amf0 v0.1.1
	github.com/yutopp/go-rtmp v0.0.7
)

require (
	github.com/abema/go-mp4 v1.7.1 // indirect
	github.com/bluenviron/mediacommon/v2 v2.9.4 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/hashicorp/errwrap v1.1.0 // indirect
	github.com/hashicorp/go-multierror v1.1.0 // indirect
	github.com/mitchellh/mapstructure v1.4.1 // indirect
	github.com/pkg/errors v0.9.1 // indirect
	github.com/q191201771/naza v0.30.48 // indirect
	golang.org/x/sys v0.39.0 // indirect
)
