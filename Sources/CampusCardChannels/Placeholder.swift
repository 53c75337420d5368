enum _PlaceholderCampusCardChannels {}
