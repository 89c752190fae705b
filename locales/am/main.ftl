# የደረጃ መልእክቶች በአማርኛ። እዚህ ያለው እያንዳንዱ መለያ locales/en/main.ftl ውስጥ በተመሳሳይ ተለዋዋጮች አለ።
# መዝገበ ቃላት፦ ../shared/GLOSSARY.md

welcome =
    ሰላም { $name }! እኔ ደረጃ ነኝ። ገዢና ሻጭ ሥራን በደረጃ (milestone) ከፋፍለው እንዲሠሩ እረዳለሁ፤ እያንዳንዱ ደረጃ የሚረከቡ ሥራዎች፣ የማስረከቢያ ቀን እና ዋጋ አለው። ሥራ ከመጀመሩ በፊት የገዢው ገንዘብ ለእያንዳንዱ ደረጃ ይያዛል፤ ገዢው ርክክቡን ሲያጸድቅ ብቻ ለሻጩ ይለቀቃል።

    ትዕዛዝ ለመጀመር /neworder፣ ማድረግ የምችለውን ሁሉ ለማየት /help ይላኩ።

help =
    ማድረግ የምችለው፦
    /neworder – ትዕዛዝ ከደረጃዎቹ ጋር ይጀምሩ (እንደ ገዢ ወይም እንደ ሻጭ)
    /orders – ትዕዛዞችዎ እና የደረሱበት
    /order 12 – አንድ ትዕዛዝ በዝርዝር፣ ከቀጣዩ እርምጃ ጋር
    /board – ደረጃዎችዎ፦ በሥራ ላይ፣ ምላሽ የሚጠብቁ፣ የተጠናቀቁ
    /chat 12 – ለትዕዛዝ 12 ሌላኛው ወገን ይጻፉ (በትዕዛዙ ታሪክ ውስጥ ይቀመጣል)
    /progress – ሥራዎ እንዴት እንደሚሄድ ለገዢው ይንገሩ
    /cancel – አሁን የሚጽፉትን ያቁሙ
    /language – እንግሊዝኛ ወይም አማርኛ ይምረጡ
    /help – ይህ ዝርዝር

    እንዴት እንደሚሠራ፦ ሌላኛው ወገን እያንዳንዱን ደረጃ ይቀበላል፤ ገዢው ገንዘብ ያስይዛል (ገንዘቡ ይያዛል)፤ ሻጩ ያስረክባል፤ ገዢው ያጸድቃል (ገንዘቡ ለሻጩ ይሄዳል) ወይም ማሻሻያ ይጠይቃል፤ ከዚያም ቀጣዩ ደረጃ ይጀምራል።

language-choose = ቋንቋዎን ይምረጡ፦
language-set = ከአሁን ጀምሮ በአማርኛ እጽፍልዎታለሁ።
language-choose-group = ቦቱ በዚህ ቡድን የሚጽፍበትን ቋንቋ ይምረጡ (የቡድኑ አስተዳዳሪዎች ብቻ)፦
language-set-group = ከአሁን ጀምሮ በዚህ ቡድን በአማርኛ እጽፋለሁ። በግል የሚላኩ መልእክቶች ግን ለእያንዳንዱ ሰው በራሱ ቋንቋ ይሄዳሉ።
language-group-admins-only = የቡድኑን ቋንቋ መቀየር የሚችሉት የቡድኑ አስተዳዳሪዎች ብቻ ናቸው።
language-name = አማርኛ

## ይህ ቋንቋ ቀንና ገንዘብ እንዴት እንደሚጽፍ። `meta-calendar` `gregorian` ወይም `ethiopian` ነው።
meta-calendar = ethiopian
format-money = { $number } { $unit }
currency-etb = ብር
format-time-gregorian = { $date }፣ { $time }
format-time-ethiopian = { $month } { $day } ቀን { $year } ዓ.ም.፣ { $period } { $hour } ({ $time }፤ { $gregorian } እ.ኤ.አ.)
# ሰዓቱ የሚቆጠርበት የቀኑ ክፍል (ሰዓት ከጠዋቱ 12 ጀምሮ ይቆጠራል)።
time-period = { $period ->
    [night] ሌሊት
    [morning] ጠዋት
    [noon] ቀን
    [afternoon] ከሰዓት በኋላ
   *[evening] ምሽት
}

command-start = እንኳን ደህና መጡ እና ቋንቋ
command-help = ይህ ቦት ማድረግ የሚችለው
command-stats = የቦቱ አጠቃላይ ሁኔታ (ለአስተዳዳሪዎች)
command-communities = የተመዘገቡ ማኅበረሰቦች (ለአስተዳዳሪዎች)
command-find = ትዕዛዝ ወይም ሰው ይፈልጉ (ለአስተዳዳሪዎች)
command-freeze = ትዕዛዝን ያቁሙ፤ ምንም አይንቀሳቀስም (ለአስተዳዳሪዎች)
command-unfreeze = የቆመን ትዕዛዝ ያስቀጥሉ (ለአስተዳዳሪዎች)
command-ban = አንድን ሰው ከአዲስ ትዕዛዞች ያግዱ (ለአስተዳዳሪዎች)
command-unban = እገዳን ያንሱ (ለአስተዳዳሪዎች)
command-maintenance = አዲስ ትዕዛዞችንና መቀላቀልን ለጊዜው ያቁሙ (ለአስተዳዳሪዎች)
bot-description = ደረጃ በገዢና በሻጭ መካከል ያለን ሥራ በደረጃዎች ያካሂዳል፤ እያንዳንዱ ደረጃ የሚረከቡ ሥራዎች፣ የማስረከቢያ ቀንና ዋጋ አለው። የገዢው ገንዘብ ሥራው ከመጀመሩ በፊት ይያዛል፣ ወደ ሻጩ የሚሄደው ገዢው ሲያጸድቅ ብቻ ነው። አለመግባባቶች ወደ ማኅበረሰቡ አስተዳዳሪዎች ይሄዳሉ። ቦቱን ያስጀምሩ፣ ከዚያ /neworder ይላኩ።
bot-short-description = በገዢና በሻጭ መካከል በደረጃ የተያዘ ክፍያ፣ በአማርኛና በእንግሊዝኛ።
command-language = ቋንቋዎን ይምረጡ
command-neworder = አዲስ ትዕዛዝ ይጀምሩ
command-orders = ትዕዛዞችዎ
command-order = አንድ ትዕዛዝ በዝርዝር፦ /order 12
command-cancel = የአሁኑን እርምጃ ያቁሙ

not-understood = ያሉትን አልተረዳሁም። ምን ማድረግ እንደምችል ለማየት /help ይላኩ።
button-stale = ይህ ቁልፍ ከእንግዲህ አይሠራም።
error-internal = ይቅርታ፣ በእኛ በኩል ችግር ተፈጥሯል። እባክዎ ቆይተው እንደገና ይሞክሩ። መለያ ቁጥር፦ <code>{ $reference }</code>
dialogue-cancelled = ቆሟል። ምንም አልተቀመጠም። እንደገና ለመጀመር /neworder ይላኩ።

status-name = { $status ->
    [proposed] መቀበልን በመጠባበቅ ላይ
    [changes_requested] ለውጥ ተጠይቋል
    [declined] ተቀባይነት አላገኘም
    [awaiting_funding] የገዢውን ክፍያ በመጠባበቅ ላይ
    [payment_reported] ክፍያው የአስተዳዳሪ ማረጋገጫ ይጠብቃል
    [funded] ገንዘቡ ተይዟል፣ ተራውን ይጠብቃል
    [in_progress] በሥራ ላይ
    [delivered] ለግምገማ ቀርቧል
    [revision_requested] ማሻሻያ ተጠይቋል
    [disputed] በአለመግባባት ላይ
    [approved] ጸድቋል፣ ክፍያው በማጣሪያ ጊዜ ላይ
    [cleared] ተከፍሏል
    [refunded] ተመላሽ ተደርጓል
    [cancelled] ተሰርዟል
   *[closed] ተዘግቷል
}
role-name = { $role ->
    [buyer] ገዢ
   *[seller] ሻጭ
}

## አዲስ ትዕዛዝ

neworder-role = አዲስ ትዕዛዝ። እርስዎ ገዢ (የሚከፍሉ) ነዎት ወይስ ሻጭ (ሥራውን የሚሠሩ)?
button-i-am-buyer = ገዢ ነኝ
button-i-am-seller = ሻጭ ነኝ
neworder-title =
    ትዕዛዙ ስለ ምንድን ነው? አጭር ርዕስ ይላኩ፤ ለምሳሌ "ለካፌዬ አርማ"።

    ወይም ባለ አንድ ደረጃ ትዕዛዝን በአንድ መልእክት ያዘጋጁ፤ በእያንዳንዱ መስመር አንድ ነገር፦ ርዕሱ፣ የሚረከቡ ሥራዎች፣ የማስረከቢያ ቀኑ እና ዋጋው። ለምሳሌ፦
    ለካፌዬ አርማ
    3 የአርማ ንድፎች በPNG
    10 ቀን
    1500
neworder-quick-problem = { $line ->
    [too-few] ትዕዛዙን በአንድ መልእክት ለማዘጋጀት አራት ወይም ከዚያ በላይ መስመሮች ይላኩ፦ ርዕሱ፣ የሚረከቡ ሥራዎች (በእያንዳንዱ መስመር አንድ)፣ የማስረከቢያ ቀኑ እና ዋጋው።
    [title] የመጀመሪያው መስመር የትዕዛዙ ርዕስ ሊሆን አይችልም፤ በአንድ መስመር አጭር ያድርጉት።
    [deliverables] በርዕሱና በማስረከቢያ ቀኑ መካከል ያሉት መስመሮች እንደ የሚረከቡ ሥራዎች ሊነበቡ አልቻሉም።
    [vague] የሚረከቡት ሥራዎች ርክክቡን ለማረጋገጥ በጣም ግልጽ ያልሆኑ ናቸው፤ እያንዳንዱን ከቅርጸቱና ከብዛቱ ጋር ይጥቀሱ፤ ለምሳሌ "3 የአርማ ንድፎች በPNG"።
    [deadline] ከመጨረሻው በፊት ያለው መስመር እንደ የማስረከቢያ ቀን ሊነበብ አልቻለም፤ ሥራው ከሚጀምርበት የሚቆጠር ጊዜ (10 ቀን፣ 2 ሳምንት) ወይም ቀን ይላኩ።
    [doubtful] የማስረከቢያ ቀኑ (ከመጨረሻው በፊት ያለው መስመር) ከአንድ ቀን ያነሰ ጊዜ ይሰጣል ወይም ማረጋገጫ ይፈልጋል፤ ጥያቄዎቹን አንድ በአንድ በመመለስ ያዘጋጁት።
   *[amount] የመጨረሻው መስመር እንደ ዋጋ ሊነበብ አልቻለም፤ በ{ $currency } ይላኩ፤ ለምሳሌ 1500።
} መልእክቱን እንደገና ይላኩ፣ ወይም ጥያቄዎቹን አንድ በአንድ ለመመለስ ርዕሱን ብቻ ይላኩ።
neworder-milestone-title = ደረጃ { $seq }፦ ርዕሱን ይላኩ፤ ለምሳሌ "የመጀመሪያ የአርማ ንድፎች"።
neworder-deliverables =
    በትክክል ምን ይረከባል? በእያንዳንዱ መስመር አንድ ነገር፣ ቅርጸቱንና ብዛቱን ጨምሮ፤ ለምሳሌ፦
    - 3 የአርማ ንድፎች በPNG እና SVG
    - 1 ገጽ የብራንድ መግለጫ
neworder-deliverables-vague =
    ይህ በርክክብ ጊዜ ለማረጋገጥ ያስቸግራል። ትክክለኛ የሚረከቡ ሥራዎች ሁለታችሁንም ይጠብቃሉ፤ ምን፣ ስንት እና በምን ዓይነት ፋይል እንደሆነ በየመስመሩ ይጻፉ፤ ለምሳሌ፦
    - 5 ገጽ ያለው ድረ ገጽ (መነሻ፣ ምናሌ፣ ስለ እኛ፣ ፎቶዎች፣ አድራሻ)
    - 10 የተስተካከሉ የምርት ፎቶዎች በJPG
    - 800 ቃላት ያለው 1 ጽሑፍ
    ዝርዝሩን እንደገና ይላኩ፣ ወይም ያንኑ ጽሑፍ ለማቆየት እንደገና ይላኩት።
neworder-deadline = የማስረከቢያ ቀኑ መቼ ነው? ሥራው ከሚጀምርበት የሚቆጠር ጊዜ (10 ቀን፣ 2 ሳምንት፣ 36 ሰዓት) ወይም ቀን ይላኩ፦ በኢትዮጵያ አቆጣጠር (መስከረም 15 ወይም 15/1/2019 ዓ.ም.) ወይም በፈረንጆች (20/12/2026)፤ ሰዓቱንም መጨመር ይችላሉ (መስከረም 15 ከሰዓት በኋላ 8 ሰዓት)።
neworder-deadline-confirm = { $at } ማለትዎ ነው? ትክክል ከሆነ "አዎ፣ ትክክል ነው"ን ይጫኑ፤ ካልሆነ የማስረከቢያ ቀኑን እንደገና ይላኩ።
neworder-deadline-doubt = { $reason ->
    [before-previous] { $at } ከቀደመ ደረጃ የማስረከቢያ ቀን በፊት ነው፤ ደረጃዎች የሚሠሩት አንዱ ከሌላው በኋላ ነው።
   *[short] { $at } ለሥራው ከአንድ ቀን ያነሰ ጊዜ ይሰጣል።
} እርግጠኛ ነዎት? ለማቆየት "አዎ፣ ትክክል ነው"ን ይጫኑ፣ ወይም ሌላ የማስረከቢያ ቀን ይላኩ።
button-deadline-yes = አዎ፣ ትክክል ነው
neworder-amount = የዚህ ደረጃ ዋጋ ስንት ነው? መጠኑን በ{ $currency } ይላኩ፤ ለምሳሌ 1500 ወይም 1,500.50።
neworder-revisions = በዋጋው ውስጥ ስንት ማሻሻያ ተካትቷል? ከ0 እስከ { $max } ያለ ቁጥር ይላኩ።
neworder-milestone-added = ደረጃ { $seq } ተጨምሯል፦ <b>{ $amount }</b>። ሌላ ይጨምራሉ ወይስ ጨርሰዋል?
neworder-template = ከአብነት ይጀምራሉ? አብነቱ የእያንዳንዱን ደረጃ ርዕስና የሚረከቡ ሥራዎች ዝርዝር ይሞላል፤ የማስረከቢያ ቀንና ዋጋ እርስዎ ይወስናሉ። ወይም ባዶ ይጀምሩ።
button-blank-order = ባዶ ይጀምሩ
neworder-template-phase =
    ደረጃ { $seq }፦ { $title }
    የሚረከቡ ሥራዎች፦
    { $deliverables }
neworder-phase-added = ደረጃ { $seq } ተጨምሯል፦ <b>{ $amount }</b>።
button-add-milestone = ሌላ ደረጃ ይጨምሩ
button-done = ተጠናቋል
neworder-summary = ትዕዛዝ "{ $order }"። እርስዎ { $role } ነዎት። ደረጃዎቹ፦
neworder-summary-line = { $seq }. { $title } – <b>{ $amount }</b>፣ { $revisions } ማሻሻያ
button-confirm = ያረጋግጡ
button-edit = ያስተካክሉ
neworder-edit-which = የትኛውን ደረጃ እንደገና መሙላት ይፈልጋሉ?
button-cancel = ይሰርዙ
neworder-created =
    ትዕዛዝ <b>#{ $id }</b> "{ $order }" ተፈጥሯል። ይህን ሊንክ ለ{ $other ->
        [buyer] ገዢው
       *[seller] ሻጩ
    } ይላኩ፤ ደረጃዎቹን አይተው መቀበል ይችላሉ፦
    <code>{ $link }</code>
neworder-in-private = ከ{ $name } ጋር ትዕዛዝ፦ የሚዘጋጀው ከእኔ ጋር በግል ውይይት ነው። ለመቀጠል ቁልፉን ይጫኑ።
neworder-reply-hint = በቡድን ውስጥ ትዕዛዝ ለመጀመር፣ አብረውት መሥራት ለሚፈልጉት ሰው መልእክት በ/neworder ምላሽ ይስጡ።
group-order-created = ትዕዛዝ <b>#{ $id }</b> "{ $order }" እዚህ ተጀምሯል። ግብዣውን ከፍቶ መቀላቀል የሚችለው ትዕዛዙ የተጀመረለት ሰው ብቻ ነው።
button-open-invitation = ግብዣውን ይክፈቱ
button-share-invitation = ግብዣውን ያጋሩ
share-invitation-text = ወደ ትዕዛዜ "{ $order }" ተጋብዘዋል፤ ደረጃዎቹን ለማየትና ለመቀላቀል ሊንኩን ይክፈቱ።
button-continue-private = በግል ውይይት ይቀጥሉ

## ትዕዛዞች

order-summary =
    ትዕዛዝ <b>#{ $id }</b> "{ $order }" (የጀመረው፦ { $creator ->
        [buyer] ገዢው
       *[seller] ሻጩ
    })
milestone-summary =
    { $seq }. { $title } – { $status }
    ዋጋ፦ <b>{ $amount }</b> · የማስረከቢያ ቀን፦ { $deadline } · ማሻሻያ፦ { $used }/{ $included }
    የሚረከቡ ሥራዎች፦
    { $deliverables }
deadline-at = { $at }
deadline-days = ሥራው ከጀመረ በኋላ በ{ $days } ቀን
deadline-hours = ሥራው ከጀመረ በኋላ በ{ $hours } ሰዓት
orders-header = ትዕዛዞችዎ፦
orders-line = <b>#{ $id }</b> { $order } { $bar } { $done }/{ $total } – { $status }
orders-page = ከ{ $from } እስከ { $to }፣ የቅርቡ መጀመሪያ። አንዱን ለማየት /order &lt;ቁጥር&gt; ይላኩ።
button-orders-newer = ‹ አዲሶቹ
button-orders-older = የቆዩት ›
orders-none = እስካሁን ትዕዛዝ የለዎትም። ለመጀመር /neworder ይላኩ።
order-usage = የትዕዛዙን ቁጥር ይላኩ፤ ለምሳሌ /order 12።
invitation = በዚህ ትዕዛዝ ላይ እንደ { $role } ተጋብዘዋል። ደረጃዎቹን ያንብቡ፣ ከዚያ ይቀላቀሉ።
button-join = ትዕዛዙን ይቀላቀሉ
button-join-accept-all = ይቀላቀሉና ሁሉንም ደረጃዎች ይቀበሉ
joined = ትዕዛዝ <b>#{ $id }</b>ን ተቀላቅለዋል። ከታች ለእያንዳንዱ ደረጃ መልስ ይስጡ።
joined-accepted-all = ትዕዛዝ <b>#{ $id }</b>ን ተቀላቅለው { $count ->
    [one] ደረጃውን
   *[other] { $count }ቱንም ደረጃዎች
} ተቀብለዋል። ሥራውን ገና አይጀምሩ፤ ገዢው ገንዘብ እንዳስያዘ አሳውቅዎታለሁ።

## የትዕዛዝ አዝራሮች

button-accept = ይቀበሉ
button-decline = አይቀበሉ
button-request-changes = ለውጥ ይጠይቁ
button-pay-telegram = በቴሌግራም ይክፈሉ
button-pay-transfer = በዝውውር መክፈልዎን ያሳውቁ (ቴሌብር፣ ኢትዮጵያ ንግድ ባንክ)
button-confirm-payment = ክፍያውን ያረጋግጡ
button-reject-payment = ውድቅ ያድርጉ
button-deliver = ያስረክቡ
button-submit = ለግምገማ ያቅርቡ
button-approve = ያጽድቁና ክፍያውን ይልቀቁ
button-request-revision = ማሻሻያ ይጠይቁ
button-cancel-milestone = ይህን ደረጃ ይሰርዙ
button-request-cancellation = እንዲሰረዝ ይጠይቁ (ተመላሽ ገንዘብ)
button-agree-cancel = መሰረዙን ይቀበሉ
button-keep-going = ይቀጥል

done-accepted = ደረጃ { $seq }ን ተቀብለዋል። ሥራውን ገና አይጀምሩ፤ ገዢው ገንዘብ እንዳስያዘ አሳውቅዎታለሁ።
done-declined = ደረጃ { $seq }ን አልተቀበሉም።
done-sent = ተልኳል።
done-payment-decided = ተመዝግቧል። ሁለቱም ወገኖች ተነግሯቸዋል።
done-cancellation-requested = ሌላኛው ወገን መሰረዙን እንዲቀበል ተጠይቋል።

prompt-changes-note = ምን መለወጥ አለበት? በአንድ መልእክት ይላኩ።
prompt-payment-reference = የዝውውሩን መለያ ቁጥር ይላኩ (ለምሳሌ የቴሌብር ወይም የኢትዮጵያ ንግድ ባንክ ግብይት ቁጥር)። አስተዳዳሪ ያረጋግጠዋል።
prompt-revision-feedback = ሻጩ ምን መለወጥ አለበት? ግልጽ አስተያየት በአንድ መልእክት ይላኩ።
prompt-delivery = ለደረጃ { $seq } ሥራውን ይላኩ፦ ፋይሎች፣ ፎቶዎች፣ ሊንኮች ወይም ጽሑፍ፣ በሚያስፈልግዎ ያህል መልእክቶች። ከዚያ "ለግምገማ አቅርብ" ይጫኑ።
delivery-added =
    ተጨምሯል (እስካሁን { $count })፦
    { $items }
    ተጨማሪ ይላኩ ወይም ያቅርቡ።

invoice-title = ደረጃ { $seq }
invoice-description = { $order }፦ { $title }
payment-not-applied = ክፍያዎ ደርሷል፣ ነገር ግን ደረጃው በመሃል ስለተለወጠ ሊመዘገብ አልቻለም። ገንዘቡ ተመላሽ ይደረግልዎታል፤ ሲላክ ይነገርዎታል። ይህን መልእክት ያስቀምጡ።

## ማሳወቂያዎች

notice-joined = ሌላኛው ወገን ትዕዛዝ <b>#{ $id }</b> "{ $order }"ን ተቀላቅሏል።
notice-proposal = በትዕዛዝ <b>#{ $id }</b> "{ $order }" ላይ አዲስ ደረጃ { $seq } ቀርቧል፦ { $title }። ይቀበሉታል?
notice-proposal-revised = የትዕዛዝ <b>#{ $id }</b> ደረጃ { $seq } "{ $title }" ተሻሽሏል፦ <b>{ $amount }</b>። አሁን ይቀበሉታል?
button-revise-terms = ውሉን ያሻሽሉ
done-revised = ተሻሽሏል። ሌላኛው ወገን እንደገና እንዲመልስ ተጠይቋል።
notice-accepted = የትዕዛዝ <b>#{ $id }</b> ደረጃ { $seq } "{ $title }" ተቀባይነት አግኝቷል።
notice-fund-please = ደረጃ { $seq } "{ $title }" (ትዕዛዝ <b>#{ $id }</b>) ተስማምተውበታል። ለመጀመር <b>{ $amount }</b> ይክፈሉ፤ ሥራውን እስኪያጸድቁ ገንዘቡ ተይዞ ይቆያል።
notice-declined = የትዕዛዝ <b>#{ $id }</b> ደረጃ { $seq } "{ $title }" ተቀባይነት አላገኘም።
notice-changes-requested =
    ለደረጃ { $seq } "{ $title }" (ትዕዛዝ <b>#{ $id }</b>) ለውጥ ተጠይቋል፦
    { $note }
notice-payment-reported =
    የሚረጋገጥ ክፍያ፦ ትዕዛዝ <b>#{ $id }</b> "{ $order }"፣ ደረጃ { $seq } "{ $title }"፣ <b>{ $amount }</b>።
    መለያ ቁጥር፦ <code>{ $reference }</code>
notice-payment-waiting = እናመሰግናለን። አስተዳዳሪ ለደረጃ { $seq } (ትዕዛዝ <b>#{ $id }</b>) ያደረጉትን ክፍያ ያረጋግጣል።
notice-payment-rejected = አስተዳዳሪዎቹ ለደረጃ { $seq } (ትዕዛዝ <b>#{ $id }</b>) ያደረጉትን ክፍያ ማረጋገጥ አልቻሉም። መለያ ቁጥሩን አይተው እንደገና ይሞክሩ።
notice-funded = ለደረጃ { $seq } "{ $title }" <b>{ $amount }</b> ተይዟል። ሥራውን ሲያጸድቁ ብቻ ለሻጩ ይለቀቃል።
notice-funded-waiting = ለደረጃ { $seq } "{ $title }" ገንዘብ ተይዟል (<b>{ $amount }</b>)። ገና አይጀምሩ፦ የቀደመው ደረጃ ሲጸድቅ ይጀምራል።
notice-start-now =
    አሁን መጀመር ይችላሉ፦ የትዕዛዝ <b>#{ $id }</b> ደረጃ { $seq } "{ $title }" ገንዘብ ተይዟል።
    የማስረከቢያ ቀን፦ { $due }
    የሚረከቡ ሥራዎች፦
    { $deliverables }
notice-started = የደረጃ { $seq } "{ $title }" ሥራ ተጀምሯል። የማስረከቢያ ቀን፦ { $due }።
notice-delivered =
    ደረጃ { $seq } "{ $title }" (ትዕዛዝ <b>#{ $id }</b>) ለግምገማዎ ቀርቧል።
    { $message }
    ፋይሎች፦ { $files }
    የተስማማችሁባቸው የሚረከቡ ሥራዎች፦
    { $items }
    እያንዳንዱን የሚረከብ ሥራ ይፈትሹ፤ የደረሰዎትን ከታች ባሉት ቁልፎች ምልክት ያድርጉ፤ ከዚያ ያጽድቁ ወይም ማሻሻያ ይጠይቁ። መልስ ካልሰጡ በ{ $auto } በራስ-ሰር ይጸድቃል።
notice-delivered-words-below = (የሻጩ መልእክት ከታች ካሉት ፋይሎች ጋር ነው።)
delivery-caption = <b>ከሻጩ፦</b> { $message }
notice-submitted = ለግምገማ ቀርቧል። ገዢው መልስ ካልሰጠ በ{ $auto } በራስ-ሰር ይጸድቃል።
notice-revision-requested =
    ለደረጃ { $seq } "{ $title }" ማሻሻያ ተጠይቋል (ከ{ $included } ማሻሻያዎች { $used } ጥቅም ላይ ውለዋል)፦
    { $feedback }
notice-approved-seller = ደረጃ { $seq } "{ $title }" ጸድቋል፦ <b>{ $amount }</b> የእርስዎ ነው። በ{ $clears } ለማውጣት ዝግጁ ይሆናል።
notice-approved-buyer = ደረጃ { $seq } "{ $title }"ን አጽድቀዋል፦ <b>{ $amount }</b> ለሻጩ ተለቋል።
notice-cleared = ከደረጃ { $seq } "{ $title }" <b>{ $amount }</b> አሁን ለማውጣት ዝግጁ ነው።
notice-cancel-requested = ሌላኛው ወገን ደረጃ { $seq } "{ $title }" (ትዕዛዝ <b>#{ $id }</b>) እንዲሰረዝና ገንዘቡ ለገዢው እንዲመለስ ይጠይቃል። ይስማማሉ?
notice-cancel-rejected = ሌላኛው ወገን ደረጃ { $seq } "{ $title }" እንዲቀጥል ይፈልጋል፤ አልተሰረዘም።
notice-cancelled = የትዕዛዝ <b>#{ $id }</b> ደረጃ { $seq } "{ $title }" ተሰርዟል።
notice-cancelled-refunded = የትዕዛዝ <b>#{ $id }</b> ደረጃ { $seq } "{ $title }" ተሰርዟል፤ <b>{ $amount }</b> ለገዢው ይመለሳል።
notice-order-completed = ትዕዛዝ <b>#{ $id }</b> "{ $order }" ተጠናቋል። እናመሰግናለን! ከሌላኛው ወገን ጋር መሥራት እንዴት ነበር? ኮከብ ይስጡ፦
notice-unreachable = ለትዕዛዝ <b>#{ $id }</b> ሌላኛው ወገን መጻፍ አልቻልኩም፦ ከእኔ ጋር ውይይት አልጀመሩም ወይም አግደውኛል። እባክዎ ይህን ሊንክ እንዲከፍቱ ይጠይቋቸው፦ <code>{ $link }</code>
notice-order-closed = ትዕዛዝ <b>#{ $id }</b> "{ $order }" ተዘግቷል።

# ቦቱ በግል ሊያገኘው ያልቻለው ተሳታፊ ከቡድኑ ወደ ግል ውይይት ይጠቆማል፤ መረጃው ራሱ በግል ይቆያል።
group-open-private = { $name }፣ በትዕዛዝ <b>#{ $id }</b> ላይ ያለውን አዲስ መረጃ ለማየት እባክዎ ከእኔ ጋር የግል ውይይት ይክፈቱ፦ <code>{ $link }</code>
group-joined = ትዕዛዝ "{ $order }"፦ ሁለቱም ወገኖች ገብተዋል።
group-started = ትዕዛዝ "{ $order }"፦ ደረጃ { $seq } "{ $title }" ተጀምሯል።
group-delivered = ትዕዛዝ "{ $order }"፦ ደረጃ { $seq } "{ $title }" ለግምገማ ቀርቧል።
group-approved = ትዕዛዝ "{ $order }"፦ ደረጃ { $seq } "{ $title }" ጸድቋል።
group-completed = ትዕዛዝ "{ $order }" ተጠናቋል።

## እምቢታዎች

error-not-allowed = { $who ->
    [buyer] ይህን ማድረግ የሚችለው ገዢው ብቻ ነው።
    [seller] ይህን ማድረግ የሚችለው ሻጩ ብቻ ነው።
    [party] ይህን ማድረግ የሚችሉት የዚህ ትዕዛዝ ገዢና ሻጭ ብቻ ናቸው።
    [counterparty] ለዚህ ሐሳብ መልስ መስጠት የሚችለው ሌላኛው ወገን ብቻ ነው።
    [proposer] ይህን ደረጃ መለወጥ የሚችለው ያቀረበው ብቻ ነው።
    [dispute-opener] አለመግባባቱን መልሶ ማንሳት የሚችለው የከፈተው ብቻ ነው።
    [other-party] ለዚህ መልስ መስጠት ያለበት ሌላኛው ወገን ነው።
    [admin] ይህን ማድረግ የሚችለው የዚህ ትዕዛዝ አካል ያልሆነ የማኅበረሰብ አስተዳዳሪ ብቻ ነው።
    [newcomer] ይህን ትዕዛዝ ለመቀላቀል የግብዣ ሊንኩን ይክፈቱ።
    [invitee] ይህ ትዕዛዝ የተጀመረው ከሌላ ሰው ጋር ነው፤ መቀላቀል የሚችሉት እነሱ ብቻ ናቸው።
   *[system] ይህ በራስ-ሰር ይከናወናል።
}
error-not-started = ገና አይጀምሩ፦ ደረጃ { $seq } ገንዘብ አልተያዘለትም ወይም ተራው አልደረሰም፤ ስለዚህ ሥራው ጥበቃ የለውም። ልክ እንደደረሰ አሳውቅዎታለሁ።
error-stale = ደረጃ { $seq } አሁን "{ $status }" ላይ ነው፤ ያ እርምጃ ከእንግዲህ አይቻልም።
error-not-found = ያንን ትዕዛዝ ማግኘት አልቻልኩም።
error-same-party = በአንድ ትዕዛዝ ላይ ገዢም ሻጭም መሆን አይችሉም።
error-order-full = ይህ ትዕዛዝ ገዢም ሻጭም አለው።
error-no-milestones = ትዕዛዝ ቢያንስ አንድ ደረጃ ያስፈልገዋል።
error-too-many-milestones = አንድ ትዕዛዝ ቢበዛ { $max } ደረጃዎች ሊኖሩት ይችላል።
error-revisions-exhausted = የተካተቱት { $included } ማሻሻያዎች በሙሉ ጥቅም ላይ ውለዋል። ሥራውን ያጽድቁ ወይም ሻጩን አንድ ተጨማሪ ይጠይቁ።
error-currency = ይህ ትዕዛዝ በ{ $currency } ነው።
error-deadline-not-later = አዲሱ የማስረከቢያ ቀን ከአሁኑ ({ $at }) በኋላ እና ወደፊት መሆን አለበት።
error-not-due = ይህ ከ{ $at } በፊት አይደርስም።
error-invalid-split = ክፍፍል ለእያንዳንዱ ወገን ድርሻ ይሰጣል፦ ከዜሮ በላይ ከጠቅላላው ዋጋ በታች።
error-cancel-pending = የመሰረዝ ጥያቄ አስቀድሞ መልስ እየጠበቀ ነው።
error-no-cancel-request = ይህ ደረጃ እንዲሰረዝ የጠየቀ የለም።
error-invitation-unknown = ይህ የግብዣ ሊንክ አይሠራም። አዲስ ይጠይቁ።
error-payments-off = በቴሌግራም መክፈል እዚህ አልተዘጋጀም። በዝውውር ይክፈሉ።
error-payment-stale = ይህ የክፍያ ጥያቄ ከእንግዲህ አይሠራም።
error-payment-amount = ይህ የክፍያ ጥያቄ ከደረጃው ጋር አይመሳሰልም። አዲስ ይጠይቁ።
error-text-expected = እባክዎ ጽሑፍ ይላኩ።
error-text-empty = ባዶ ነበር። እባክዎ ጽሑፍ ይላኩ።
error-text-too-long = በጣም ረጅም ነው፦ ቢበዛ { $max } ፊደላት።
error-revisions = ከ0 እስከ { $max } ያለ ሙሉ ቁጥር ይላኩ።
error-deadline = { $reason ->
    [past] ያ ቀን አልፏል። ከዚያ በኋላ ያለ ቀን ወይም እንደ 7 ቀን ያለ ጊዜ ይላኩ።
    [range] የማስረከቢያ ቀን ከአንድ ሰዓት እስከ { $max } ቀን ባለው ጊዜ ውስጥ መሆን አለበት።
   *[not-understood] ያንን የማስረከቢያ ቀን ማንበብ አልቻልኩም። ጊዜ (10 ቀን፣ 2 ሳምንት፣ 36 ሰዓት) ወይም ቀን (መስከረም 15፣ 15/1/2019 ዓ.ም. ወይም 20/12/2026) ይላኩ።
}
error-amount = { $reason ->
    [empty] እባክዎ መጠን ይላኩ።
    [decimal-comma] ለአስርዮሽ ነጥብ ይጠቀሙ፤ ለምሳሌ 1500.50 ወይም 1.5k (ኮማ ሺዎችን ብቻ ይለያል፦ 1,500)።
    [negative] መጠኑ ከዜሮ በታች ሊሆን አይችልም።
    [zero] መጠኑ ከዜሮ በላይ መሆን አለበት።
    [too-many-decimals] ከነጥቡ በኋላ ቢበዛ { $max } አሃዞች።
    [too-large] በጣም ትልቅ ነው፦ ቢበዛ { $max }።
    [unknown-currency] ያንን ገንዘብ አላውቀውም።
    [currency-mismatch] ያ የተለየ ገንዘብ ነው።
    [ethiopic-numerals] እባክዎ መጠኑን በ0-9 አሃዞች ይጻፉ፤ ለምሳሌ 1500 (የግዕዝ ቁጥሮች ሳንቲም ማሳየት አይችሉም)።
   *[not-a-number] ያ መጠን አይደለም። አሃዞችን ይላኩ፤ ለምሳሌ 1500 ወይም 1,500.50።
}
error-delivery-item = ጽሑፍ፣ ሊንክ፣ ፋይል፣ ፎቶ፣ ቪዲዮ ወይም ድምፅ ይላኩ።
error-delivery-too-big = ይህ አንድ ርክክብ ከሚይዘው በላይ ነው። ያለዎትን ያቅርቡ፣ ወይም /cancel ብለው እንደገና ይጀምሩ።

## Add-ons and cancelling an order

button-propose = ሌላ ደረጃ ያቅርቡ
button-cancel-order = ትዕዛዙን በሙሉ ይሰርዙ
done-proposed = ቀርቧል። ሌላኛው ወገን ይቀበለዋል ወይም አይቀበለውም።
error-nothing-to-cancel = በዚህ ትዕዛዝ ውስጥ የሚሰረዝ ነገር አልቀረም።
button-show-order = ትዕዛዙን ይክፈቱ

## Reviews

button-stars = { $stars ->
    [1] ★
    [2] ★★
    [3] ★★★
    [4] ★★★★
   *[5] ★★★★★
}
done-reviewed = እናመሰግናለን፦ ከ5 { $stars } ኮከብ። ስለ ሥራው ጥቂት ቃላት ይጨምሩ (ሌሎች እንዲመርጡ ይረዳል)፣ ወይም "ይለፉት"ን ይጫኑ።
done-review-saved = እናመሰግናለን፤ ግምገማዎ ተቀምጧል።
error-not-completed = ትዕዛዙ ገና አልተጠናቀቀም።
error-already-reviewed = ይህን ትዕዛዝ አስቀድመው ገምግመዋል።
error-out-of-range = ከ{ $min } እስከ { $max } ያለ ቁጥር ይላኩ።

## Extra revisions

button-ask-extra-revision = ሻጩን አንድ ተጨማሪ ማሻሻያ ይጠይቁ
button-grant-revision = አንድ ተጨማሪ ማሻሻያ ይፍቀዱ
notice-extra-revision-asked = ገዢው ለደረጃ { $seq } "{ $title }" (ትዕዛዝ <b>#{ $id }</b>) ከተካተቱት በላይ አንድ ተጨማሪ ማሻሻያ ይጠይቃል። መፍቀድ ይችላሉ፤ ዋጋው አይለወጥም።
notice-revision-granted = ሻጩ ለደረጃ { $seq } "{ $title }" አንድ ተጨማሪ ማሻሻያ ፈቅዷል። አሁን መጠየቅ ይችላሉ።

## ማስታወሻዎች (የጊዜ ሰሌዳ)
reminder-deadline-soon = ማስታወሻ፦ የደረጃ { $seq } "{ $title }" (ትዕዛዝ <b>#{ $id }</b>) የማስረከቢያ ቀን { $due } ነው።
reminder-deadline-passed = የደረጃ { $seq } "{ $title }" (ትዕዛዝ <b>#{ $id }</b>) የማስረከቢያ ቀን { $due } አልፏል። ያለዎትን ያስረክቡ፣ ወይም ገዢውን ተጨማሪ ጊዜ ይጠይቁ።
reminder-deadline-missed = ሻጩ ደረጃ { $seq } "{ $title }" (ትዕዛዝ <b>#{ $id }</b>) አላስረከበም፤ የማስረከቢያ ቀኑ { $due } ነበር። ምን ማድረግ ይፈልጋሉ?
button-extend-deadline = ተጨማሪ ጊዜ ይስጡ
button-keep-waiting = መጠበቅ ይቀጥሉ
button-open-dispute = አለመግባባት ይክፈቱ
reminder-proposal-waiting = የትዕዛዝ <b>#{ $id }</b> ደረጃ { $seq } "{ $title }" መልስዎን እየጠበቀ ነው፦ ይቀበሉት፣ አይቀበሉት ወይም ለውጥ ይጠይቁ።
reminder-invited = ወደ ትዕዛዝ <b>#{ $id }</b> "{ $order }" ተጋብዘዋል። ለማንበብና ለመቀላቀል ግብዣውን ይክፈቱ፦ <code>{ $link }</code>
reminder-invitation-waiting = እስካሁን ማንም ትዕዛዝ <b>#{ $id }</b> "{ $order }"ን አልተቀላቀለም። የግብዣ ሊንኩን እንደገና ይላኩ፦ <code>{ $link }</code>
reminder-funding-waiting = ደረጃ { $seq } "{ $title }" (ትዕዛዝ <b>#{ $id }</b>) ተስማምተውበታል፤ የ<b>{ $amount }</b> ክፍያዎን እየጠበቀ ነው። ሥራው የሚጀምረው ገንዘቡ ሲያዝ ነው።
reminder-review-waiting = ደረጃ { $seq } "{ $title }" (ትዕዛዝ <b>#{ $id }</b>) ግምገማዎን እየጠበቀ ነው። መልስ ካልሰጡ በ{ $auto } በራስ-ሰር ይጸድቃል፤ ክፍያውም ይለቀቃል።
notice-auto-approved-seller = ደረጃ { $seq } "{ $title }" በራስ-ሰር ጸድቋል (ገዢው በጊዜው መልስ አልሰጠም)፦ <b>{ $amount }</b> የእርስዎ ነው። በ{ $clears } ለማውጣት ዝግጁ ይሆናል።
notice-auto-approved-buyer = በጊዜው መልስ ስላልሰጡ ደረጃ { $seq } "{ $title }" በራስ-ሰር ጸድቋል፦ <b>{ $amount }</b> ለሻጩ ተለቋል።
notice-deadline-extended = ገዢው ለደረጃ { $seq } "{ $title }" (ትዕዛዝ <b>#{ $id }</b>) ተጨማሪ ጊዜ ሰጥቶዎታል፦ አዲሱ የማስረከቢያ ቀን { $due } ነው።
notice-dispute-opened = በደረጃ { $seq } "{ $title }" (ትዕዛዝ <b>#{ $id }</b>) ላይ አለመግባባት ተከፍቷል፦ { $reason }። አስተዳዳሪዎቹ ያዩታል፤ የማስረከቢያ ቀኖችና ራስ-ሰር ማጽደቁ ቆመዋል።
prompt-new-deadline = እስከ መቼ? ከአሁን የሚቆጠር ጊዜ (3 ቀን፣ 36 ሰዓት) ወይም ቀን (መስከረም 15 ወይም 20/12/2026) ይላኩ።
prompt-dispute-reason = ምን ተበላሸ? በአንድ መልእክት ይግለጹ፤ አስተዳዳሪዎቹ ያነቡታል።
done-keep-waiting = እሺ። ሻጩን ማስታወሱን እቀጥላለሁ።
done-deadline-extended = ተከናውኗል፦ አዲሱ የማስረከቢያ ቀን { $due } ነው። ለሻጩ ተነግሯል።
digest =
    አስተዳዳሪዎችን የሚጠብቁ፦
    { $items }
digest-dispute = • ከ{ $since } ጀምሮ የተከፈተ አለመግባባት፦ ትዕዛዝ <b>#{ $id }</b>፣ ደረጃ { $seq }
digest-payment = • ከ{ $since } ጀምሮ ማረጋገጫ የሚጠብቅ ክፍያ፦ ትዕዛዝ <b>#{ $id }</b>፣ ደረጃ { $seq }

## አለመግባባቶች
profile =
    { $name } · ከ{ $since } ጀምሮ በደረጃ ቦት
    ኮከብ፦ { $rating } · የተጠናቀቁ ደረጃዎች፦ { $completed } · በጊዜው ያስረከባቸው፦ { $ontime }
    የከፈታቸው አለመግባባቶች፦ { $opened }፣ የተሸነፈባቸው፦ { $lost } · የሰረዛቸው፦ { $cancelled }{ $flag }
profile-rating = { $stars } ★ ({ $count })
profile-no-rating = ገና ግምገማ የለውም
profile-on-time = ከ{ $count } { $percent }%
profile-no-deliveries = ገና ያስረከበው የለም
profile-flag = {" "}⚠ በብዙ አለመግባባቶች ተሸንፏል
profile-unknown = ቦቱ ገና አያውቀውም
history-line = { $at } · { $who } · { $what }
history-admin = አስተዳዳሪ
history-system = ቦቱ
event-name = { $kind ->
    [order_opened] ትዕዛዙን ከፈተ
    [party_joined] ትዕዛዙን ተቀላቀለ
    [milestone_proposed] ደረጃ { $seq }ን አቀረበ
    [proposal_revised] ደረጃ { $seq }ን አሻሻለ
    [proposal_accepted] ደረጃ { $seq }ን ተቀበለ
    [proposal_declined] ደረጃ { $seq }ን አልተቀበለም
    [changes_requested] በደረጃ { $seq } ላይ ለውጥ ጠየቀ
    [payment_reported] ለደረጃ { $seq } ዝውውር መፈጸሙን አሳወቀ
    [payment_rejected] የደረጃ { $seq }ን ዝውውር ውድቅ አደረገ
    [funded] ለደረጃ { $seq } ገንዘብ አስያዘ
    [started] ደረጃ { $seq } ተጀመረ
    [delivered] ደረጃ { $seq }ን አስረከበ
    [revision_requested] ለደረጃ { $seq } ማሻሻያ ጠየቀ
    [approved] ደረጃ { $seq }ን አጸደቀ
    [cleared] የደረጃ { $seq } ክፍያ ለማውጣት ዝግጁ ሆነ
    [dispute_opened] በደረጃ { $seq } ላይ አለመግባባት ከፈተ
    [dispute_withdrawn] በደረጃ { $seq } ላይ ያለውን አለመግባባት አነሳ
    [dispute_resolved] በደረጃ { $seq } ላይ ያለውን አለመግባባት ወሰነ
    [dispute_message] በደረጃ { $seq } አለመግባባት ላይ ጻፈ
    [cancellation_requested] ደረጃ { $seq } እንዲሰረዝ ጠየቀ
    [cancellation_rejected] ደረጃ { $seq } እንዲሰረዝ አልተስማማም
    [cancelled] ደረጃ { $seq }ን ሰረዘ
    [order_closed] ትዕዛዙ ተዘጋ
    [reviewed] ግምገማ ሰጠ
    [extra_revision_asked] ለደረጃ { $seq } ተጨማሪ ማሻሻያ ጠየቀ
    [revision_granted] ለደረጃ { $seq } ተጨማሪ ማሻሻያ ፈቀደ
    [deadline_extended] የደረጃ { $seq }ን የማስረከቢያ ቀን አራዘመ
    [item_ticked] በደረጃ { $seq } ዝርዝር ላይ ምልክት አደረገ
    [chat_message] ጻፈ
    [progress_posted] የደረጃ { $seq }ን የሥራ ሂደት ጻፈ
    [frozen] ትዕዛዙን አቆመ
    [unfrozen] ትዕዛዙን አስቀጠለ
    [party_banned] የአንድ ወገን እገዳን መዘገበ
   *[other] { $kind }
}
dispute-dossier =
    ⚖️ በትዕዛዝ <b>#{ $id }</b> "{ $order }"፣ ደረጃ { $seq } "{ $title }" (<b>{ $amount }</b>) ላይ አለመግባባት፤ የከፈተው፦ { $role }፦
    { $reason }

    ታሪክ፦
    { $history }

    { $buyer }

    { $seller }
dossier-party = { $role }፦ { $profile }
button-release = ክፍያውን ለሻጩ ይልቀቁ
button-refund = ለገዢው ተመላሽ ያድርጉ
button-split = ይከፋፍሉ
button-ask-buyer = ገዢውን ይጠይቁ
button-ask-seller = ሻጩን ይጠይቁ
button-show-dispute = አለመግባባቱን ይመልከቱ (ለአስተዳዳሪዎች)
button-withdraw-dispute = አለመግባባቱን ያንሱ
button-reply = መልስ ይስጡ
button-skip = ይለፉት
group-dispute = ትዕዛዝ "{ $order }"፦ በደረጃ { $seq } ላይ አለመግባባት ተከፍቷል። የቡድኑ አስተዳዳሪዎች አይተው ሊወስኑ ይችላሉ።
resolution-release = <b>{ $amount }</b> ለሻጩ ተለቋል።
resolution-refund = <b>{ $amount }</b> ለገዢው ተመላሽ ተደርጓል።
resolution-split = { $seller } ለሻጩ ተለቋል፤ { $buyer } ደግሞ ለገዢው ተመልሷል።
resolution-note = {" "}የአስተዳዳሪው ማስታወሻ፦ { $note }
notice-dispute-message = ትዕዛዝ <b>#{ $id }</b>፣ ደረጃ { $seq } "{ $title }"፦ { $party ->
        [buyer] ገዢው
       *[seller] ሻጩ
    } ያክላል፦ { $note }
notice-admin-question = አንድ አስተዳዳሪ ስለ ደረጃ { $seq } "{ $title }" (ትዕዛዝ <b>#{ $id }</b>) ይጠይቃል፦ { $note }
notice-dispute-withdrawn = { $party ->
        [buyer] ገዢው
       *[seller] ሻጩ
    } በደረጃ { $seq } "{ $title }" (ትዕዛዝ <b>#{ $id }</b>) ላይ ያለውን አለመግባባት አንስቷል፤ ሥራው ካቆመበት ይቀጥላል።
notice-dispute-resolved = በደረጃ { $seq } "{ $title }" (ትዕዛዝ <b>#{ $id }</b>) ላይ የነበረው አለመግባባት ተወስኗል፦ { $outcome }{ $note }
prompt-split-share = ለሻጩ ምን ያህል ይሂድ? መጠን (ለምሳሌ 900) ወይም መቶኛ (ለምሳሌ 60%) ይላኩ። ገዢው ከ<b>{ $amount }</b> ቀሪውን ያገኛል።
prompt-resolution-note = ለሁለቱም ወገኖች ማስታወሻ (ለምን እንደወሰኑ) ይጻፉ፣ ወይም "ይለፉት"ን ይጫኑ።
prompt-admin-question = { $party ->
        [buyer] ገዢውን
       *[seller] ሻጩን
    } ምን መጠየቅ ይፈልጋሉ? በአንድ መልእክት ይላኩ።
prompt-dispute-evidence = አለመግባባትዎ ተከፍቷል፤ ለአስተዳዳሪዎቹ ተነግሯል፤ የማስረከቢያ ቀኖችና ራስ-ሰር ማጽደቁ ቆመዋል። ማስረጃ ካለዎት አሁን ይላኩ (ፎቶዎች፣ ፋይሎች ወይም ጽሑፍ፣ የሚያስፈልገውን ያህል መልእክት)፤ ከዚያ "ተጠናቋል"ን ይጫኑ።
prompt-dispute-reply = መልስዎን ይላኩ (ጽሑፍ፣ ፎቶዎች ወይም ፋይሎች)፤ ከዚያ "ተጠናቋል"ን ይጫኑ።
done-evidence-sent = ለአስተዳዳሪዎቹ ተልኳል። ተጨማሪ ይላኩ፣ ወይም "ተጠናቋል"ን ይጫኑ።
done-evidence = እናመሰግናለን። አስተዳዳሪዎቹ ይወስናሉ፤ ይነገርዎታል።
done-dispute-withdrawn = አለመግባባቱን አንስተዋል፤ ሥራው ካቆመበት ይቀጥላል።
done-dispute-resolved = ተወስኗል። ለሁለቱም ወገኖች ተነግሯል።
error-split-share = ከ0 በላይ ከ<b>{ $amount }</b> በታች የሆነ መጠን፣ ወይም እንደ 60% ያለ መቶኛ ይላኩ።

## ክፍያ መቀበያና ገንዘብ ማውጣት
command-balance = ቀሪ ሂሳብዎ፦ በመጠባበቅ ላይ፣ ለማውጣት ዝግጁ፣ የወጣ
command-withdraw = ለማውጣት ዝግጁ የሆነ ገንዘብ ያውጡ
command-payout = የክፍያ መቀበያ ዘዴዎ (ቴሌብር፣ የኢትዮጵያ ንግድ ባንክ፣ ባንክ)
payout-method = { $code ->
    [telebirr] ቴሌብር
    [cbe] ኢትዮጵያ ንግድ ባንክ (CBE)
    [bank] ባንክ
   *[other] { $code }
}
payout-destination = { $method }፦ <code>{ $account }</code>
payout-current = አሁን፦ { $method }፣ <code>{ $account }</code>።
payout-none = ገና የክፍያ መቀበያ ዘዴ አላስቀመጡም።
payout-choose =
    { $current }
    ክፍያ በምን መቀበል ይፈልጋሉ? የጸደቀ ገንዘብ የዘዴው የማጣሪያ ጊዜ ካለፈ በኋላ ለማውጣት ዝግጁ ይሆናል።
button-payout-method = { $method } (ከ{ $days } ቀን በኋላ)
prompt-payout-account = የ{ $method } ሂሳብዎ፦ ስልክ ቁጥሩን ወይም የሂሳብ ቁጥሩን እና በላዩ ያለውን ስም ይላኩ።
done-payout-set = ተቀምጧል፦ ክፍያ በ{ $method } ወደ <code>{ $account }</code> ይላካል።
balance =
    በመጠባበቅ ላይ (የማጣሪያ ጊዜ)፦
    { $pending }
    ለማውጣት ዝግጁ፦ <b>{ $available }</b>
    በመውጣት ላይ፦ { $withdrawing }
    የወጣ፦ { $paid }
balance-none = እስካሁን ገቢ የለዎትም።
balance-pending-line = • <b>{ $amount }</b>፣ ለማውጣት ዝግጁ የሚሆነው { $at }
balance-nothing-pending = • ምንም የለም
prompt-withdraw-amount = ለማውጣት ዝግጁ፦ <b>{ $available }</b>። ወደ { $method } (<code>{ $account }</code>) ምን ያህል ማውጣት ይፈልጋሉ? መጠኑን ይላኩ።
confirm-withdrawal = <b>{ $amount }</b> ወደ { $method } (<code>{ $account }</code>) ይውጣ? ሂሳቡን ያረጋግጡ፦ ወደ ተሳሳተ ሂሳብ የተላከ ገንዘብ አይመለስም።
done-withdrawal-requested = ተጠይቋል፦ <b>{ $amount }</b> ወደ { $destination }። አስተዳዳሪ ልኮ ያሳውቅዎታል።
admin-withdrawal-requested =
    የገንዘብ ማውጣት ጥያቄ <b>#{ $id }</b>፦ <b>{ $amount }</b> ለተጠቃሚ { $user } ወደ { $destination }። ከላኩ በኋላ "ተከፍሏል"ን ተጭነው የዝውውሩን መለያ ቁጥር ይስጡ።
    ከየት፦
    { $sources }
withdrawal-source-telegram = • ትዕዛዝ <b>#{ $id }</b>፣ ደረጃ { $seq }፦ <b>{ $amount }</b>፣ በቴሌግራም የተከፈለ (ክፍያ <code>{ $charge }</code>)
withdrawal-source-transfer = • ትዕዛዝ <b>#{ $id }</b>፣ ደረጃ { $seq }፦ <b>{ $amount }</b>፣ አስተዳዳሪ { $admin } ያረጋገጠው ዝውውር <code>{ $reference }</code>
button-withdrawal-paid = ተከፍሏል
button-withdrawal-reject = ውድቅ ያድርጉ
prompt-withdrawal-reference = የዝውውሩ መለያ ቁጥር (ለሻጩና ለመዝገብ)፦
prompt-withdrawal-reason = ለምን ውድቅ ተደረገ? ሻጩ ያነበዋል።
notice-withdrawal-paid = <b>{ $amount }</b> ወደ { $destination } ተልኳል። መለያ ቁጥር፦ <code>{ $reference }</code>።
notice-withdrawal-rejected = የ<b>{ $amount }</b> የማውጣት ጥያቄዎ አልተከፈለም፦ { $reason }። ገንዘቡ እንደገና ለማውጣት ዝግጁ ነው።
error-insufficient-balance = ያ ለማውጣት ዝግጁ ከሆነው ቀሪ ሂሳብዎ (<b>{ $amount }</b>) በላይ ነው።
error-already-decided = ይህ አስቀድሞ ተወስኗል።
error-reference-used = ያ የክፍያ መለያ ቁጥር አስቀድሞ ጥቅም ላይ ውሏል። የዚህን ዝውውር መለያ ቁጥር ይላኩ።
error-no-payout-method = መጀመሪያ የክፍያ መቀበያ ዘዴዎን ያስቀምጡ፦ /payout
digest-withdrawal = • ከ{ $since } ጀምሮ የሚጠብቅ የገንዘብ ማውጣት ጥያቄ፦ <b>#{ $id }</b>

## መዝገቦች
command-profile = መዝገብዎ፦ ኮከብ፣ የተጠናቀቁ ደረጃዎች፣ አለመግባባቶች
command-history = የአንድ ትዕዛዝ ታሪክ፦ /history 12
command-export = ትዕዛዞችዎና ደረጃዎቻቸው በCSV ፋይል
history-usage = የትዕዛዙን ቁጥር ይላኩ፤ ለምሳሌ /history 12።
history-header = የትዕዛዝ <b>#{ $id }</b> "{ $order }" ታሪክ፦
export-caption = ትዕዛዞችዎ ({ $count }) ከነደረጃዎቻቸው (CSV፦ በማንኛውም የተመን ሉህ ይከፈታል)።
button-show-profile = የሌላኛው ወገን መዝገብ
command-dispute = በአንድ ትዕዛዝ ላይ አለመግባባት ይክፈቱ፦ /dispute 12
dispute-usage = የትዕዛዙን ቁጥር ይላኩ፤ ለምሳሌ /dispute 12።
error-nothing-to-dispute = በዚህ ትዕዛዝ ውስጥ አሁን አለመግባባት የሚከፈትበት ነገር የለም።
confirm-approval =
    <b>{ $amount }</b> ለ{ $seller } ለደረጃ { $seq } "{ $title }" ይለቀቅ?
    እያንዳንዱን የሚረከቡ ሥራ አረጋግጠዋል?
    { $items }
    ይህ ሊቀለበስ አይችልም።
button-release-confirm = አዎ፣ ክፍያውን ይልቀቁ
button-keep-reviewing = ገና ነው
done-keep-reviewing = ምንም አልተለቀቀም። ጊዜ ይውሰዱ፤ ሲዘጋጁ ያጽድቁ ወይም ማሻሻያ ይጠይቁ።
command-board = ደረጃዎችዎ፦ በሥራ ላይ፣ ምላሽ የሚጠብቁ፣ የተጠናቀቁ
board-column = { $column ->
    [in-progress] 🔨 በሥራ ላይ
    [waiting] ⏳ ምላሽ የሚጠብቁ
   *[completed] ✅ የተጠናቀቁ
}
board-line = • <b>#{ $id }</b>/{ $seq } "{ $title }"፣ <b>{ $amount }</b>{ $due }፦ { $next }
board-due = ፣ የማስረከቢያ ቀን { $at }
board-empty = • የለም
board-next = { $step ->
    [fund] ሥራው እንዲጀመር ገንዘብ ያስይዙ
    [deliver] ያስረክቡ
    [review] ርክክቡን ይገምግሙ፦ ያጽድቁ ወይም ማሻሻያ ይጠይቁ
    [answer] ለቀረበው ደረጃ መልስ ይስጡ
    [revise] ያቀረቡትን ደረጃ ያሻሽሉ
    [wait-admin] አስተዳዳሪ እያየው ነው
    [nothing] ተጠናቋል
   *[wait-other] ቀጣዩ ተራ የሌላኛው ወገን ነው
}

## ምክር፦ የሚረከቡ ሥራዎች ዝርዝር፣ የተመዘገበ ውይይት፣ የሥራ ሂደት፣ ማሻሻያዎች፣ ተጨማሪ ደረጃዎች

# ያልተተረጎመ ስም ያለው ቁልፍ፦ የአብነት ስም ወይም የደረጃ ርዕስ።
button-label = { $label }
button-check-item = { $ticked ->
    [yes] ✅
   *[no] ⬜
} { $item }
notice-revision-requested-items =
    ለደረጃ { $seq } "{ $title }" ማሻሻያ ተጠይቋል (ከ{ $included } ማሻሻያዎች { $used } ጥቅም ላይ ውለዋል)።
    ገና ያልተቀበላቸው፦
    { $items }
    የገዢው አስተያየት፦
    { $feedback }
prompt-revision-feedback-items =
    የማሻሻያ ጥያቄው ምልክት ያላደረጉባቸውን ይጠቅሳል፦
    { $items }
    ሻጩ ምን መለወጥ አለበት? ግልጽ አስተያየት በአንድ መልእክት ይላኩ።
button-post-progress = የሥራ ሂደት ይጻፉ
button-propose-addon = ተጨማሪ ደረጃ ያቅርቡ (ጥገና፣ ተጨማሪ ማሻሻያ፣ ማሳደግ)
button-chat = ለሌላኛው ወገን ይጻፉ
button-leave-chat = ከውይይቱ ይውጡ
chat-usage = የትዕዛዙን ቁጥር ይላኩ፤ ለምሳሌ /chat 12።
chat-started =
    አሁን በትዕዛዝ <b>#{ $id }</b> "{ $order }" ላይ ለ{ $other ->
        [buyer] ገዢው
       *[seller] ሻጩ
    } እየጻፉ ነው። የሚልኩት ሁሉ (ጽሑፍ፣ ፎቶ፣ ፋይል) ለእነሱ ይደርሳል፤ በትዕዛዙ ታሪክም ይቀመጣል፤ አለመግባባት ቢፈጠር አስተዳዳሪዎች ያነቡታል።
    ለማቆም "ከውይይቱ ይውጡ"ን ይጫኑ ወይም /cancel ይላኩ።
chat-left = ከውይይቱ ወጥተዋል። አሁን የሚልኩት መልእክት አይተላለፍም።
chat-contact-warning = ማስታወሻ፦ ከትዕዛዙ ውጭ (በስልክ፣ በኢሜይል ወይም በሌላ የመልእክት መተግበሪያ) የሚደረግ ስምምነት ጥበቃ የለውም። ደረጃ የሚይዘውና ሥራው ሲጸድቅ የሚለቀው በትዕዛዙ በኩል የተከፈለውን ገንዘብ ብቻ ነው፤ አለመግባባት ሲፈጠርም የሚታየው እዚህ የተባለው ብቻ ነው።
error-chat-unsupported = ማስተላለፍ የምችለው ጽሑፍ፣ ፎቶ፣ ቪዲዮ፣ የድምፅ መልእክትና ፋይል ነው።
error-no-other-party = እስካሁን ማንም ይህንን ትዕዛዝ አልተቀላቀለም። መጀመሪያ የግብዣ ሊንኩን ያጋሩ።
notice-chat =
    💬 { $party ->
        [buyer] ገዢው
       *[seller] ሻጩ
    } (ትዕዛዝ <b>#{ $id }</b> "{ $order }") ይጽፋል፦
    { $message }
notice-progress =
    📈 የደረጃ { $seq } "{ $title }" (ትዕዛዝ <b>#{ $id }</b>) የሥራ ሂደት፦
    { $note }
progress-none = እንደ ሻጭ በሥራ ላይ ያለ ደረጃ የለዎትም። የሥራ ሂደት መግለጫ የሚጻፈው ለተጀመረ ሥራ ነው።
progress-which = መግለጫው ስለ የትኛው ደረጃ ነው?
prompt-progress = ደረጃ { $seq } እንዴት እየሄደ ነው? ለገዢው አጭር መግለጫ ይላኩ፦ የተሠራውንና ቀጥሎ የሚመጣውን።
done-progress = ለገዢው ተልኳል፤ በትዕዛዙ ታሪክም ተቀምጧል።
reminder-progress-quiet = ደረጃ { $seq } "{ $title }" (ትዕዛዝ <b>#{ $id }</b>) እንዴት እየሄደ ነው? አጭር የሥራ ሂደት መግለጫ ገዢውን ያረጋጋል። የማስረከቢያ ቀን፦ { $due }።
reminder-revision-waiting = ገዢው በ{ $asked } ለደረጃ { $seq } "{ $title }" (ትዕዛዝ <b>#{ $id }</b>) ማሻሻያ ጠይቋል። የተሻሻለውን ሥራ ያስረክቡ፣ ወይም መቼ እንደሚደርስ ለገዢው ይጻፉ።
reminder-revision-late = ሻጩ በ{ $asked } ለደረጃ { $seq } "{ $title }" (ትዕዛዝ <b>#{ $id }</b>) ለጠየቁት ማሻሻያ መልስ አልሰጠም። ምን ማድረግ ይፈልጋሉ?
history-line-said = { $at } · { $who } · { $what }፦ "{ $text }"
command-chat = ለአንድ ትዕዛዝ ሌላኛው ወገን ይጻፉ፦ /chat 12
command-progress = ሥራዎ እንዴት እንደሚሄድ ለገዢው ይንገሩ
private-only = ይህ በእርስዎና በእኔ መካከል ነው፤ በዚህ ቡድን ውስጥ የግል መረጃ እንዳይታይ በግል ውይይት ይላኩልኝ።
history-earlier = … { $count } ቀደም ያሉ ክስተቶች፦ /history { $id }

# ማኅበረሰቦች፦ የቦቱ አስተዳዳሪ የመዘገባቸው ቡድኖች፤ አስተዳዳሪዎቻቸው እዚያ በተጀመሩ ትዕዛዞች ገንዘብ ላይ ይወስናሉ።
community-usage = በቡድን ውስጥ፦ /community on ቡድኑን እንደ ማኅበረሰብ ይመዘግባል (ከዚያ የቡድኑ አስተዳዳሪዎች እዚያ የተጀመሩ ትዕዛዞችን ክፍያዎች ያረጋግጣሉ፣ አለመግባባቶችንም ይፈታሉ)፤ /community off ምዝገባውን ያቆማል። ይህን ማድረግ የሚችሉት የቦቱ አስተዳዳሪዎች ብቻ ናቸው።
community-on = ይህ ቡድን አሁን ማኅበረሰብ ነው፦ አስተዳዳሪዎቹ እዚህ የተጀመሩ ትዕዛዞችን ክፍያዎች ያረጋግጣሉ፣ አለመግባባቶችንም ይፈታሉ።
community-off = ይህ ቡድን ከእንግዲህ ማኅበረሰብ አይደለም፦ የትዕዛዞቹን ክፍያዎችና አለመግባባቶች የሚወስኑት የቦቱ አስተዳዳሪዎች ናቸው።
communities-list =
    የተመዘገቡ ማኅበረሰቦች፦
    { $items }
communities-line = • { $chat }
stats =
    📊 ደረጃ አሁን
    ደረጃዎች በሁኔታቸው፦
    { $milestones }
    ለደረጃዎች የተያዘ ገንዘብ፦
    { $held }
    ማረጋገጫ የሚጠብቁ ዝውውሮች፦ { $to_confirm }
    የሚጠብቁ የገንዘብ ማውጣት ጥያቄዎች፦ { $withdrawals } · የሚጠብቁ የተመላሽ ገንዘብ ጥያቄዎች፦ { $refunds }
    ገና ያልተመዘገቡ የቴሌግራም ክፍያዎች፦ { $unsettled }
    ክፍት አለመግባባቶች፦ { $disputes }
    በዚህ ሳምንት የተሳተፉ ሰዎች፦ { $active }
stats-line = • { $what }፦ { $count }
stats-held = • <b>{ $amount }</b>
order-frozen = ⏸ አንድ አስተዳዳሪ ይህን ትዕዛዝ እስኪመረምሩት ድረስ አቁመውታል፦ { $reason }። እስኪቀጥል ድረስ በላዩ ላይ ምንም ማድረግ አይቻልም፤ ገንዘቡ እንደተያዘ ይቆያል።
error-frozen = ይህ ትዕዛዝ አስተዳዳሪ እስኪመረምረው ድረስ ቆሟል፤ እስኪቀጥል ድረስ በላዩ ላይ ምንም ማድረግ አይቻልም። ገንዘቡ እንደተያዘ ይቆያል።
error-not-frozen = ይህ ትዕዛዝ አልቆመም።
error-banned = አንድ አስተዳዳሪ ትዕዛዝ ከመክፈትና ከመቀላቀል አግደዎታል፦ { $reason }። ያሉዎት ትዕዛዞች ይቀጥላሉ። ስህተት ነው ብለው ካሰቡ አስተዳዳሪን ይጠይቁ።
error-maintenance = አዲስ ትዕዛዞችና መቀላቀል ለጥገና ለጊዜው ቆመዋል፦ { $message } ያሉዎት ትዕዛዞች እንደተለመደው ይቀጥላሉ።
error-person-unknown = ያንን ሰው አላውቀውም፤ ቢያንስ አንድ ጊዜ ጽፎልኝ መሆን አለበት። የቴሌግራም የተጠቃሚ መለያ ቁጥሩን ይሞክሩ።
error-not-banned = { $name } አልታገዱም።
usage-find = /find ከትዕዛዝ ቁጥር (/find 12)፣ ከ@የተጠቃሚ ስም ወይም ከቴሌግራም የተጠቃሚ መለያ ቁጥር ጋር ይላኩ።
usage-ban = /ban ከሰውየው (@የተጠቃሚ ስም ወይም የተጠቃሚ መለያ ቁጥር) እና ከምክንያቱ ጋር ይላኩ፤ ለምሳሌ /ban @kebede ክፍያ ተቀብሎ መመለስ አቆመ
usage-unban = /unban ከሰውየው ጋር ይላኩ፤ ለምሳሌ /unban @kebede
usage-freeze = /freeze ከትዕዛዙ ቁጥርና ከምክንያቱ ጋር ይላኩ፤ ለምሳሌ /freeze 12 የማጭበርበር ጥቆማ ደርሷል
usage-unfreeze = /unfreeze ከትዕዛዙ ቁጥር ጋር ይላኩ፤ ለምሳሌ /unfreeze 12
usage-maintenance = ሰዎች የሚያነቡትን መልእክት አስከትለው /maintenance on ይላኩ (ለምሳሌ /maintenance on ከምሽቱ 12 ሰዓት እንመለሳለን)፣ ወይም /maintenance off።
done-banned = { $name } ታግደዋል፤ ትዕዛዝ መክፈትም ሆነ መቀላቀል አይችሉም። { $count ->
    [0] ክፍት ትዕዛዝ የላቸውም።
   *[other] ሊታዩ የሚገባቸው ክፍት ትዕዛዞቻቸው፦ { $orders }
}
done-unbanned = { $name } እንደገና ትዕዛዝ መክፈትና መቀላቀል ይችላሉ።
done-frozen = ትዕዛዝ <b>#{ $id }</b> ቆሟል፤ /unfreeze { $id } እስኪሉ ድረስ ገንዘብ አይንቀሳቀስም፣ ምንም የጊዜ ገደብ አይቆጠርም። ሁለቱም ወገኖች ተነግሯቸዋል።
done-unfrozen = ትዕዛዝ <b>#{ $id }</b> ቀጥሏል፤ ከቆመበት ይቀጥላል።
done-maintenance-on = አዲስ ትዕዛዞችና መቀላቀል ቆመዋል። የሚሞክሩ ሰዎች የሚያነቡት፦ { $message }
done-maintenance-off = አዲስ ትዕዛዞችና መቀላቀል እንደገና ተከፍተዋል።
notice-order-frozen = ⏸ አንድ አስተዳዳሪ ትዕዛዝ <b>#{ $id }</b> "{ $order }"ን እስኪመረምሩት ድረስ አቁመውታል፦ { $reason }። እስኪቀጥል ድረስ ምንም አይንቀሳቀስም፤ ገንዘቡ እንደተያዘ ይቆያል።
notice-order-unfrozen = ▶️ ትዕዛዝ <b>#{ $id }</b> "{ $order }" ቀጥሏል፤ ካቆሙበት መቀጠል ይችላሉ።
find-order = ትዕዛዝ <b>#{ $id }</b>። ገዢ፦ { $buyer }። ሻጭ፦ { $seller }። { $frozen }
find-frozen = ቆሟል፦ { $reason }
find-person =
    👤 { $name } (የተጠቃሚ መለያ ቁጥር { $user }) { $username }
    { $status }
    { $record }
    የቅርብ ጊዜ ትዕዛዞች፦
    { $orders }
find-banned = ታግደዋል፦ { $reason }
find-not-banned = አልታገዱም።
find-no-orders = እስካሁን የለም
communities-none = እስካሁን እንደ ማኅበረሰብ የተመዘገበ ቡድን የለም።
group-not-community = ይህ ቡድን የተመዘገበ ማኅበረሰብ አይደለም፤ ስለዚህ እዚህ የተጀመሩ ትዕዛዞችን ክፍያዎችና አለመግባባቶች የሚወስኑት የቦቱ አስተዳዳሪዎች ናቸው።

# ተመላሽ ገንዘብ፦ ለገዢ የሚመለስ ገንዘብ እንደ ገንዘብ ማውጣት በአስተዳዳሪ ይከፈላል።
admin-refund-requested = የተመላሽ ገንዘብ ጥያቄ <b>#{ $id }</b>፦ <b>{ $amount }</b> ለገዢ { $user } ወደ { $destination } ይመለስ። ከላኩ በኋላ "ተከፍሏል"ን ተጭነው የዝውውሩን መለያ ቁጥር ይስጡ።
notice-refund-requested = <b>{ $amount }</b> ተመላሽ ገንዘብ ወደ { $destination } እየተላከልዎ ነው። አስተዳዳሪ ልኮ ያሳውቅዎታል።
notice-refund-owed = <b>{ $amount }</b> ተመላሽ ገንዘብ ይገባዎታል። የት እንደሚላክልዎ ይንገሩኝ፦ /payout
notice-refund-paid = <b>{ $amount }</b> ተመላሽ ገንዘብ ወደ { $destination } ተልኳል። መለያ ቁጥር፦ <code>{ $reference }</code>።
notice-refund-rejected = <b>{ $amount }</b> ተመላሽ ገንዘብዎ ገና አልተላከም፦ { $reason }። ገንዘቡ አሁንም የእርስዎ ነው፤ የክፍያ መቀበያ ዘዴዎን በ /payout ያረጋግጡ፤ ከዚያ እንደገና ይጠየቃል።
balance-refunds =
    ተመላሽ ገንዘብ የሚገባዎት፦ { $owed }
    እየተላከ ያለ ተመላሽ ገንዘብ፦ { $paying }
admin-payment-not-applied = ለትዕዛዝ <b>#{ $id }</b> ደረጃ { $seq } የተከፈለ <b>{ $amount }</b> የቴሌግራም ክፍያ ደረጃው ከተለወጠ በኋላ ደርሷል። ለገዢው እንደ ተመላሽ ገንዘብ ይመለሳል (ክፍያ <code>{ $charge }</code>)።
digest-update-failed = • አንድ መልእክት ወይም የቁልፍ መጫን (ቁጥር { $update }) ከብዙ ሙከራ በኋላ ሊስተናገድ አልቻለም፤ በቦቱ መዝገብ ውስጥ ይህን ቁጥር ይፈልጉ።
digest-payment-unsettled = • { $since } የደረሰ፣ ገና ያልተመዘገበ ወይም ያልተመለሰ የቴሌግራም ክፍያ፦ <code>{ $charge }</code>

# የመሞከሪያው ገጽ (`dereja playground`)፦ በውይይቶቹ ዙሪያ ያሉ የገጹ ቃላት።
playground-title = የደረጃ መሞከሪያ
playground-about = እውነተኛው ቦት ከአስመሳይ ቴሌግራም ጋር፦ እንደ እያንዳንዱ ሰው ይጻፉ፣ ቁልፎቹንም ይጫኑ። ከዚህ ምንም ወደ ቴሌግራም አይደርስም።
playground-page-language = የዚህ ገጽ ቋንቋ
playground-clock = የቦቱ ሰዓት፦
playground-clock-time = { $time } (አዲስ አበባ)
playground-clock-moved = ሰዓቱ ወደፊት ሄዷል፦ { $time }
playground-later-hour = +1 ሰዓት
playground-later-day = +1 ቀን
playground-later-days = +3 ቀን
playground-reset = እንደገና ይጀምሩ
playground-open-as = ይህን ሊንክ እንደ ማን ይክፈቱ?
playground-cancel = ይሰርዙ
playground-ok = እሺ
playground-no-answer = መሞከሪያው አይመልስም
playground-tap-to-copy = ለመቅዳት ይንኩ
playground-copied = ተቀድቷል
playground-pay = { $amount } ይክፈሉ
playground-paid = { $name } ክፍያውን ፈጽመዋል
playground-typing = እየጻፉ ነው…
playground-sending-file = ፋይል እየላኩ ነው…
playground-compose = መልእክት ወይም /help
playground-send = ይላኩ
playground-attach = ፋይል ያያይዙ
playground-telegram-language-of = የ{ $name } የቴሌግራም ቋንቋ
playground-telegram-language = የቴሌግራም ቋንቋ፦ { $language }
playground-who-acts = በቡድኑ ውስጥ የሚጽፈውና ቁልፎችን የሚጫነው ማን ነው
playground-as = እንደ { $name }
playground-group = የማኅበረሰብ ቡድን
